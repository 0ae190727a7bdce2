import type { CodingEndResponse, CodingStartResponse } from "@levelup/shared/protocol/coding";
import { callJson, contractError } from "@levelup/shared/protocol/jsonCall";

/** An error answer of the game server, with the contract's stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

/** The few REST calls the tracker makes (docs/api.md). */
export class GameApi {
  constructor(readonly server: string) {
    this.server = server.replace(/\/+$/, "");
  }

  login(username: string, password: string): Promise<TokenResponse> {
    return this.call("POST", "/api/auth/login", { body: { username, password } });
  }

  refresh(refreshToken: string): Promise<TokenResponse> {
    return this.call("POST", "/api/auth/refresh", { body: { refresh_token: refreshToken } });
  }

  startCoding(token: string, body: { projectName?: string; language?: string }): Promise<CodingStartResponse> {
    return this.call("POST", "/api/game/coding/start", { token, body });
  }

  endCoding(token: string, sessionId: string): Promise<CodingEndResponse> {
    return this.call("POST", "/api/game/coding/end", { token, body: { sessionId } });
  }

  /** The player's total XP and level when the tracker starts; the hub pushes every change after. */
  profile(token: string): Promise<{ experience: number; level: number }> {
    return this.call("GET", "/api/game/profile", { token });
  }

  private async call<T>(method: string, path: string, opts: { token?: string; body?: unknown }): Promise<T> {
    const res = await callJson(`${this.server}${path}`, { method, token: opts.token, body: opts.body });
    if (!res.ok) {
      const error = contractError(res);
      throw new ApiError(res.status, error.code ?? "HTTP_ERROR", error.message ?? `HTTP ${res.status}`);
    }
    return res.body as T;
  }
}
