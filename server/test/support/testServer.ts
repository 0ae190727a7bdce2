import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { ColyseusTestServer } from "@colyseus/testing";
import { loadConfig } from "../../src/config.ts";
import { startServer, type RunningServer } from "../../src/app.ts";
import { createThrowawayDatabase } from "./throwawayDatabase.ts";

/**
 * Which stack this mocha run uses. "embedded": PGlite in memory and in-process presence.
 * "postgres": a fresh database on the server of TEST_DATABASE_URL and Redis on REDIS_URL (defaults: the
 * local services of a development machine). An unreachable service fails the run; nothing is skipped.
 */
export const testStack = process.env.LEVELUP_TEST_STACK === "postgres" ? "postgres" : "embedded";

let running: Promise<{ server: RunningServer; colyseus: ColyseusTestServer }> | undefined;
let dropDatabase: (() => Promise<void>) | undefined;

/** The one real server of this test run (Colyseus' matchmaker is process-global), booted on port 0. */
export function testServer(): Promise<{ server: RunningServer; colyseus: ColyseusTestServer }> {
  running ??= boot();
  return running;
}

async function boot() {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
    JWT_SECRET: randomBytes(32).toString("hex"),
    BCRYPT_ROUNDS: "4",
    // Every test player registers from this host.
    REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
    DATA_DIR: "memory://",
  };
  if (testStack === "postgres") {
    const database = await createThrowawayDatabase();
    dropDatabase = database.drop;
    env.DATABASE_URL = database.url;
    env.REDIS_URL = await freshRedisDb();
  }
  const server = await startServer(loadConfig(env));
  return { server, colyseus: new ColyseusTestServer(server.gameServer) };
}

export async function stopTestServer(): Promise<void> {
  if (!running) return;
  const { server } = await running;
  await server.stop();
  running = undefined;
  await dropDatabase?.();
}

/** A Redis logical database of its own for this run (1–15), emptied first. */
async function freshRedisDb(): Promise<string> {
  const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  url.pathname = `/${1 + (process.pid % 15)}`;
  const redis = new Redis(url.toString(), { maxRetriesPerRequest: 1, retryStrategy: () => null });
  await redis.flushdb();
  await redis.quit();
  return url.toString();
}
