import { randomBytes } from "node:crypto";
import { loadConfig } from "../../src/config.ts";
import { startServer, type RunningServer } from "../../src/app.ts";
import { claimRedisDb } from "./redisDb.ts";
import { createThrowawayDatabase } from "./throwawayDatabase.ts";

/**
 * Which stack this mocha run uses. "embedded": PGlite in memory and in-process presence.
 * "postgres": a fresh database on the server of TEST_DATABASE_URL and Redis on REDIS_URL (defaults: the
 * local services of a development machine). An unreachable service fails the run; nothing is skipped.
 */
export const testStack = process.env.LEVELUP_TEST_STACK === "postgres" ? "postgres" : "embedded";

/** The secret the test server's bot registrations carry (BOT_REGISTRATION_TOKEN). */
export const TEST_BOT_TOKEN = randomBytes(24).toString("hex");
/** Anonymous public reads per network and minute on the test server (tests vary X-Forwarded-For). */
export const TEST_PUBLIC_READS_PER_MINUTE = 20;

/** The bearer that scrapes /metrics of the test server (METRICS_TOKEN). */
export const TEST_METRICS_TOKEN = randomBytes(24).toString("hex");

let running: Promise<{ server: RunningServer }> | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
let releaseRedis: (() => Promise<void>) | undefined;

/** The one real server of this test run (Colyseus' matchmaker is process-global), booted on port 0. */
export function testServer(): Promise<{ server: RunningServer }> {
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
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    BOT_REGISTRATION_TOKEN: TEST_BOT_TOKEN,
    PUBLIC_READS_PER_IP_PER_MINUTE: String(TEST_PUBLIC_READS_PER_MINUTE),
  };
  if (testStack === "postgres") {
    const database = await createThrowawayDatabase();
    dropDatabase = database.drop;
    env.DATABASE_URL = database.url;
    const redis = await claimRedisDb();
    releaseRedis = redis.release;
    env.REDIS_URL = redis.url;
  }
  const server = await startServer(loadConfig(env));
  return { server };
}

export async function stopTestServer(): Promise<void> {
  if (!running) return;
  const { server } = await running;
  await server.stop();
  running = undefined;
  await dropDatabase?.();
  await releaseRedis?.();
}
