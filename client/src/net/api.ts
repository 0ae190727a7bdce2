import { callJson, contractError, type JsonAnswer } from "@levelup/shared/protocol/jsonCall";
import { useStore } from "../store/index.ts";
import { ApiError } from "./ApiError.ts";
import { beforeAuthorizedCall, refreshTokens } from "./tokens.ts";

type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * Calls the game's REST API with the current access token, refreshed first when it is due. A 401
 * (a token revoked, or a clock far off) triggers one token refresh and one retry; every failure
 * becomes an ApiError carrying the contract's error code.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  if (useStore.getState().accessToken) await beforeAuthorizedCall();
  let res = await send(method, path, body);
  if (res.status === 401 && useStore.getState().accessToken && (await refreshTokens())) {
    res = await send(method, path, body);
  }
  if (!res.ok) {
    const err = contractError(res);
    throw new ApiError(res.status, err.code ?? "INTERNAL", err.message ?? `HTTP ${res.status}`, err.details);
  }
  return res.body as T;
}

function send(method: Method, path: string, body: unknown): Promise<JsonAnswer> {
  return callJson(path, { method, token: useStore.getState().accessToken, body }).catch(() => {
    throw new ApiError(0, "NETWORK", "network error");
  });
}
