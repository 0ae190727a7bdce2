import type { TokenResponse } from "@levelup/shared";
import { callJson } from "@levelup/shared/protocol/jsonCall";
import { useStore } from "../store/index.ts";

/**
 * Where the tokens live. The access token stays in memory only (the store). The refresh token
 * is kept in sessionStorage so a reload of the tab keeps the player signed in, while closing the
 * tab forgets it and other tabs never see it. Page scripts can still read sessionStorage; the
 * server returns the refresh token in JSON (docs/api.md), so an httpOnly cookie would need a server
 * change (see the client README section). Rotation on the server limits the damage of a leak.
 */
const REFRESH_KEY = "levelup.refreshToken";
/** Refresh when this share of the access token's lifetime has passed. */
const REFRESH_AT = 0.8;
/** setTimeout cannot wait longer than 2^31-1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** When the timer above is due: a call made later than this waits for the refresh instead. */
let refreshDueAt = Number.POSITIVE_INFINITY;
let inFlight: Promise<boolean> | undefined;

export function storedRefreshToken(): string | null {
  return sessionStorage.getItem(REFRESH_KEY);
}

/** Stores a token response and schedules the next refresh before the access token expires. */
export function acceptTokens(tokens: TokenResponse): void {
  sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  useStore.getState().setAccess(tokens.access_token, tokens.expires_in);
  clearTimeout(refreshTimer);
  const refreshInMs = Math.min(MAX_TIMER_MS, tokens.expires_in * 1000 * REFRESH_AT);
  refreshDueAt = Date.now() + refreshInMs;
  refreshTimer = setTimeout(() => void refreshTokens(), refreshInMs);
}

export function forgetTokens(): void {
  clearTimeout(refreshTimer);
  refreshDueAt = Number.POSITIVE_INFINITY;
  sessionStorage.removeItem(REFRESH_KEY);
  useStore.getState().clearSession();
}

/**
 * Before a call: waits for a refresh already under way, or starts the one that is due (a busy
 * page or a throttled background tab runs the timer late), so no call goes out with a token that
 * is about to be refused. Cheap when the token is fresh: no await of the network.
 */
export async function beforeAuthorizedCall(): Promise<void> {
  if (inFlight) await inFlight;
  else if (Date.now() >= refreshDueAt && storedRefreshToken()) await refreshTokens();
}

/** Rotates the refresh token; concurrent callers share one request. Resolves false when signed out. */
export function refreshTokens(): Promise<boolean> {
  inFlight ??= doRefresh().finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}

async function doRefresh(): Promise<boolean> {
  const refresh = storedRefreshToken();
  if (!refresh) {
    forgetTokens();
    return false;
  }
  try {
    const res = await callJson("/api/auth/refresh", { method: "POST", body: { refresh_token: refresh } });
    if (!res.ok) {
      forgetTokens();
      return false;
    }
    acceptTokens(res.body as TokenResponse);
    return true;
  } catch {
    // Network trouble: keep the refresh token and try again shortly.
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => void refreshTokens(), 10_000);
    return false;
  }
}
