import { randomBytes } from "node:crypto";
import { callJson } from "@levelup/shared/protocol/jsonCall";

/** Load goes to this machine only: any other host is refused before a single request. */
export function assertLocal(url: string): URL {
  const parsed = new URL(url);
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  if (!["localhost", "127.0.0.1", "::1"].includes(host)) {
    throw new Error(`refusing to load ${parsed.host}: load scripts target localhost only`);
  }
  return parsed;
}

/** The HTTP base (http://host:port) of a ws:// or http:// endpoint. */
export function httpBase(endpoint: string): string {
  const url = assertLocal(endpoint);
  const protocol = url.protocol === "wss:" || url.protocol === "https:" ? "https:" : "http:";
  return `${protocol}//${url.host}`;
}

export interface BotUser {
  id: string;
  username: string;
  password: string;
  token: string;
}

/**
 * Registers one throw-away player (a load test never reuses real accounts). With the server's
 * BOT_REGISTRATION_TOKEN in the environment it is registered as a bot: kept off the leaderboards
 * and removed by `npm run bots:remove` (the server's README, "Bots").
 */
export async function registerBot(base: string, prefix: string): Promise<BotUser> {
  const username = `${prefix}_${randomBytes(6).toString("hex")}`.slice(0, 32);
  const password = "loadtest-password";
  const botToken = process.env.BOT_REGISTRATION_TOKEN;
  const res = await callJson(`${base}/api/auth/register`, {
    method: "POST",
    headers: botToken ? { "x-bot-registration": botToken } : {},
    body: { username, email: `${username}@load.test`, password },
  });
  const body = (res.body ?? {}) as { user?: { id: string }; access_token?: string };
  if (res.status !== 201 || !body.user || !body.access_token) {
    throw new Error(`register ${username}: ${res.status} ${res.text}`);
  }
  return { id: body.user.id, username, password, token: body.access_token };
}

/** Calls an authenticated JSON route; throws with the response on a non-2xx status. */
export async function callApi<T>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await callJson(`${base}${path}`, { method, token, body });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body as T;
}
