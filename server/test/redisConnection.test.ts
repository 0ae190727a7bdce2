import assert from "node:assert/strict";
import { redisConnection } from "../src/realtime/redisConnection.ts";

describe("Redis connection options from REDIS_URL (for Colyseus' presence and driver)", () => {
  it("when the URL names a database, credentials and TLS, then each becomes an option", () => {
    assert.deepEqual(redisConnection("rediss://user:p%40ss@cache.example:6380/3"), {
      host: "cache.example",
      port: 6380,
      username: "user",
      password: "p@ss",
      db: 3,
      tls: {},
    });
  });

  it("when the URL is bare or an IPv6 address, then the defaults and the bare address are used", () => {
    assert.deepEqual(redisConnection("redis://127.0.0.1"), { host: "127.0.0.1", port: 6379 });
    assert.deepEqual(redisConnection("redis://[::1]:6379/0"), { host: "::1", port: 6379, db: 0 });
  });
});
