import { Redis } from "ioredis";
import { stopTestServer, testStack } from "./testServer.ts";

/**
 * What the SDK prints about test clients on purpose: a message the test does not read (a client
 * reads only those its test asserts on) and a join the server refused (the test asserts the
 * refusal's code). In tests both are noise; anything else the console gets still shows.
 */
const expectedSdkWarnings = [
  "@colyseus/sdk: onMessage() not registered for type",
  "Room connection was closed unexpectedly",
];
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  const first = args[0];
  if (typeof first === "string" && expectedSdkWarnings.some((w) => first.startsWith(w))) return;
  warn(...args);
};

/**
 * Someone else's key in the Redis database this run would try first (support/redisDb.ts): the
 * run must leave it alone and use another database, and the key must survive the whole suite.
 */
const bystander = {
  url: (() => {
    const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    url.pathname = `/${1 + (process.pid % 15)}`;
    return url.toString();
  })(),
  key: `someone-else:${process.pid}`,
};

export const mochaHooks = {
  async beforeAll() {
    if (testStack !== "postgres") return;
    const redis = new Redis(bystander.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    try {
      await redis.set(bystander.key, "not the tests'", "EX", 24 * 3600);
    } finally {
      redis.disconnect();
    }
  },
  async afterAll() {
    await stopTestServer();
    if (testStack !== "postgres") return;
    const redis = new Redis(bystander.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    try {
      const value = await redis.get(bystander.key);
      await redis.del(bystander.key);
      if (value !== "not the tests'") {
        throw new Error(`a key outside the tests' own Redis database did not survive the suite (${bystander.key})`);
      }
    } finally {
      redis.disconnect();
    }
  },
};
