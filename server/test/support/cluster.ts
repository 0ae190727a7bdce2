import { randomBytes } from "node:crypto";
import { Client } from "@colyseus/sdk";
import { Redis } from "ioredis";
import { callJson } from "@levelup/shared/protocol/jsonCall";
import { type Front, startFront } from "../../src/cluster/front.ts";
import { loadConfig } from "../../src/config.ts";
import { bodyLimitBytes } from "../../src/http/serverLimits.ts";
import { freePort, type ServerProcess, spawnServerProcess } from "../../src/cluster/serverProcess.ts";
import { scaled } from "./deadlines.ts";
import { claimRedisDb } from "./redisDb.ts";
import { serverEnv } from "./spawnServer.ts";
import { createThrowawayDatabase } from "./throwawayDatabase.ts";

/**
 * Several real server processes on one throw-away PostgreSQL database and one Redis logical
 * database of their own (support/redisDb.ts), behind the same front `npm run cluster` uses. Each process's
 * PUBLIC_ADDRESS is `<front>/<name>`, so seat reservations route WebSockets through the front.
 */
export interface TestCluster {
  front: Front;
  processes: Map<string, ServerProcess>;
  redisUrl: string;
  databaseUrl: string;
  /** Starts one more process (named `name`) in the same game. */
  spawn(name: string): Promise<ServerProcess>;
  close(): Promise<void>;
}

const MAX_PROCESSES = 5;

export async function startTestCluster(names: string[]): Promise<TestCluster> {
  const database = await createThrowawayDatabase();
  const redis = await claimRedisDb();
  const redisUrl = redis.url;
  const frontPort = await freePort();
  const ports = new Map<string, number>();
  const all = [...names, ...Array.from({ length: MAX_PROCESSES - names.length }, (_, i) => `x${i + 1}`)];
  for (const name of all) ports.set(name, await freePort());
  // One JWT secret for all processes (serverEnv draws it once): any process verifies any token.
  const env = serverEnv({
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    // A drain that outlasts this (+15 s) exits 1: on a busy machine it takes longer, like every deadline.
    SHUTDOWN_GRACE_MS: String(scaled(5_000)),
  });
  const processes = new Map<string, ServerProcess>();
  const spawn = async (name: string) => {
    const port = ports.get(name);
    if (!port) throw new Error(`no port reserved for ${name}`);
    const proc = await spawnServerProcess({
      name,
      port,
      env: { ...env, PUBLIC_ADDRESS: `127.0.0.1:${frontPort}/${name}` },
      onOutput: process.env.CLUSTER_TEST_LOGS ? (line) => console.log(`[${name}] ${line}`) : undefined,
      startTimeoutMs: scaled(60_000),
    });
    processes.set(name, proc);
    return proc;
  };
  // One at a time: the first one migrates the database.
  for (const name of names) await spawn(name);
  const front = await startFront({
    port: frontPort,
    bodyLimitBytes: bodyLimitBytes(loadConfig(env).BODY_LIMIT),
    host: "127.0.0.1",
    backends: all.map((name) => ({ name, host: "127.0.0.1", port: ports.get(name)! })),
  });
  return {
    front,
    processes,
    redisUrl,
    databaseUrl: database.url,
    spawn,
    async close() {
      await Promise.all([...processes.values()].map((p) => p.stop("SIGKILL")));
      await front.close();
      await database.drop();
      await redis.release();
    },
  };
}

/** Calls a JSON route of the process at `baseUrl` with the user's token. */
export async function call<T = any>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await callJson(`${baseUrl}${path}`, { method, token, body });
  return { status: res.status, body: res.body as T };
}

/** Registers a fresh user on the process at `baseUrl`; returns its id and access token. */
export async function registerOn(
  baseUrl: string,
  prefix = "c",
): Promise<{ id: string; token: string; refreshToken: string }> {
  const username = `${prefix}_${randomBytes(5).toString("hex")}`;
  const res = await fetch(`${baseUrl}/api/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, email: `${username}@example.test`, password: "password123" }),
  });
  const body = (await res.json()) as { user: { id: string }; access_token: string; refresh_token: string };
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(body)}`);
  return { id: body.user.id, token: body.access_token, refreshToken: body.refresh_token };
}

/** A seat reservation exactly as the matchmaker of the process at `baseUrl` makes it. */
export interface Reservation {
  roomId: string;
  processId: string;
  sessionId: string;
  publicAddress?: string;
  name: string;
}

export async function matchmake(
  baseUrl: string,
  method: "create" | "joinOrCreate" | "joinById",
  roomNameOrId: string,
  token: string,
  options: Record<string, unknown> = {},
): Promise<{ status: number; body: Reservation & { error?: string; code?: number } }> {
  const res = await fetch(`${baseUrl}/matchmake/${method}/${roomNameOrId}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(options),
  });
  return { status: res.status, body: (await res.json()) as Reservation & { error?: string } };
}

/** An SDK client whose HTTP goes to `baseUrl`; WebSockets follow each reservation's publicAddress. */
export function sdkClient(baseUrl: string, token: string): Client {
  const client = new Client(baseUrl);
  client.auth.token = token;
  return client;
}

/** The shared room listing as the Redis driver stores it: roomId → listing. */
export async function listing(
  redisUrl: string,
): Promise<Array<{ roomId: string; name: string; publicAddress?: string }>> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const all = await redis.hgetall("roomcaches");
    return Object.values(all).map((raw) => JSON.parse(raw));
  } finally {
    redis.disconnect();
  }
}

/**
 * Polls `check` until it returns true or `timeoutMs` (on a quiet machine; scaled to this one)
 * passes; returns whether it became true.
 */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + scaled(timeoutMs);
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
