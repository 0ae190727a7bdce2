import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { claimRedisDb, OWNER_KEY } from "./support/redisDb.ts";
import { testServer, testStack } from "./support/testServer.ts";

// The embedded stack uses no Redis.
if (testStack === "postgres") {
  describe("tests' Redis databases (support/redisDb.ts)", () => {
    it("when databases hold other people's keys, then a test run claims an empty one and releases only it", async () => {
      const { server } = await testServer();
      const serverDb = new URL(server.ctx.config.REDIS_URL as string).pathname;
      const claimed = await claimRedisDb();
      const db = (url: string) => new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
      const ours = db(claimed.url);
      const theirs = db(server.ctx.config.REDIS_URL as string);
      try {
        assert.notEqual(new URL(claimed.url).pathname, serverDb, "not the database the test server holds");
        assert.deepEqual(await ours.keys("*"), [OWNER_KEY], "an empty database, marked as ours");
        await ours.set("game:key", "1");
        await claimed.release();
        assert.equal(await ours.dbsize(), 0, "released: emptied");
        assert.ok((await theirs.dbsize()) > 0, "the test server's database is untouched");
      } finally {
        ours.disconnect();
        theirs.disconnect();
      }
    });
  });
}
