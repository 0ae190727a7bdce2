import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { OWNER_KEY as TEST_OWNER_KEY, claimRedisDb } from "../../server/test/support/redisDb.ts";
import { benchStores } from "../src/bench/env.ts";

/** The bench's stores (needs PostgreSQL and Redis like the bench): it never takes or wipes a Redis database it did not create. */
describe("bench stores", () => {
  let held: Awaited<ReturnType<typeof claimRedisDb>>;
  const saved = process.env.BENCH_REDIS_DB;
  before(async () => {
    // Someone else's Redis database: a test run's claim, holding its marker key.
    held = await claimRedisDb();
  });
  after(async () => {
    if (saved === undefined) delete process.env.BENCH_REDIS_DB;
    else process.env.BENCH_REDIS_DB = saved;
    await held.release();
  });

  it("when BENCH_REDIS_DB names a database holding keys, then the bench refuses it and the keys stay", async () => {
    process.env.BENCH_REDIS_DB = new URL(held.url).pathname.slice(1);
    await assert.rejects(benchStores(), /no empty Redis logical database/);
    const redis = new Redis(held.url);
    try {
      assert.ok(await redis.get(TEST_OWNER_KEY), "the other run's marker is still there");
    } finally {
      redis.disconnect();
    }
  });

  it("when no database is named, then the bench takes an empty one, marks it, and empties only that one at the end", async () => {
    delete process.env.BENCH_REDIS_DB;
    const stores = await benchStores();
    assert.notEqual(new URL(stores.redisUrl).pathname, new URL(held.url).pathname);
    const mine = new Redis(stores.redisUrl);
    const theirs = new Redis(held.url);
    try {
      assert.equal(await mine.dbsize(), 1, "only the bench's marker");
      await mine.set("lb:all:version", "3");
      await stores.drop();
      assert.equal(await mine.dbsize(), 0, "what the bench's servers wrote is gone");
      assert.ok(await theirs.get(TEST_OWNER_KEY), "the other database is untouched");
    } finally {
      mine.disconnect();
      theirs.disconnect();
    }
  });
});
