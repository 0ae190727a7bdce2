import { randomBytes } from "node:crypto";
import { testServer } from "./testServer.ts";

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** Calls the real server over HTTP; `token` adds the bearer header. */
export async function api<T = any>(
  method: string,
  path: string,
  opts: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string } = {},
): Promise<ApiResponse<T>> {
  const { server } = await testServer();
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (opts.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (metrics, html): keep the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export interface TestUser {
  id: string;
  username: string;
  password: string;
  token: string;
  refreshToken: string;
}

/** Registers a fresh user with a unique name and returns its tokens. */
export async function newUser(prefix = "u"): Promise<TestUser> {
  const username = `${prefix}_${randomBytes(5).toString("hex")}`.slice(0, 32);
  const password = "password123";
  const res = await api("POST", "/api/auth/register", {
    body: { username, email: `${username}@example.test`, password },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    username,
    password,
    token: res.body.access_token,
    refreshToken: res.body.refresh_token,
  };
}

/** Makes a user an admin directly in the database (there is no public route for it, by design). */
export async function makeAdmin(user: TestUser): Promise<TestUser> {
  const { server } = await testServer();
  const { users } = await import("../../src/db/schema.ts");
  const { eq } = await import("drizzle-orm");
  await server.ctx.db.update(users).set({ role: "admin" }).where(eq(users.id, user.id));
  return user;
}
