import type { ErrorBody } from "@levelup/shared";
import { useStore } from "../store/index.ts";
import { ApiError } from "./ApiError.ts";
import { beforeAuthorizedCall, refreshTokens } from "./tokens.ts";

type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * Calls the game's REST API with the current access token, refreshed first when it is due. A 401
 * (a token revoked, or a clock far off) triggers one token refresh and one retry; every failure becomes an ApiError carrying the contract's error code.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  if (useStore.getState().accessToken) await beforeAuthorizedCall();
  let res = await send(method, path, body);
  if (res.status === 401 && useStore.getState().accessToken && (await refreshTokens())) {
    res = await send(method, path, body);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const err = (parsed as ErrorBody | undefined)?.error;
    throw new ApiError(res.status, err?.code ?? "INTERNAL", err?.message ?? res.statusText, err?.details);
  }
  return parsed as T;
}

function send(method: Method, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = useStore.getState().accessToken;
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => {
    throw new ApiError(0, "NETWORK", "network error");
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
