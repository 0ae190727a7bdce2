import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createLogger } from "../src/logger.ts";
import { Clock } from "../src/services/clock.ts";
import { ChangeFeed } from "../src/services/changeFeed.ts";
import { PlayerCaches } from "../src/services/playerCaches.ts";
import { PushedCache } from "../src/services/pushedCache.ts";
import { until } from "./support/deadlines.ts";
import { claimRedisDb } from "./support/redisDb.ts";

const logger = createLogger("silent");

/** A loader that counts its calls and answers when told to (or at once). */
function loader(value: () => string) {
  const calls: Array<() => void> = [];
  let held = false;
  return {
    calls,
    hold() {
      held = true;
    },
    load: () =>
      new Promise<string>((resolve) => {
        const answer = () => resolve(value());
        calls.push(answer);
        if (!held) answer();
      }),
  };
}

const CHANNEL = "test:pushed-cache";

function cache(
  redis: Redis | undefined,
  clock = new Clock(),
  feed = new ChangeFeed({ channel: CHANNEL, redis, logger }),
) {
  return new PushedCache<string>({ feed, clock, ttlMs: 30_000, maxEntries: 100 });
}

describe("a cache dropped by pushes (services/pushedCache.ts), in one process", () => {
  it("when a key is read twice, then the database is read once; after changed(), once more", async () => {
    let stored = "v1";
    const db = loader(() => stored);
    const c = cache(undefined);
    assert.equal(await c.get("u", db.load), "v1");
    assert.equal(await c.get("u", db.load), "v1");
    assert.equal(db.calls.length, 1);
    stored = "v2";
    await c.changed("u");
    assert.equal(await c.get("u", db.load), "v2");
    assert.equal(db.calls.length, 2);
  });

  it("when readers arrive while a key loads, then they share the one load", async () => {
    const db = loader(() => "v1");
    db.hold();
    const c = cache(undefined);
    const reads = [c.get("u", db.load), c.get("u", db.load), c.get("u", db.load)];
    assert.equal(db.calls.length, 1);
    db.calls[0]!();
    assert.deepEqual(await Promise.all(reads), ["v1", "v1", "v1"]);
  });

  it("when a change lands while a read loads, then the value it loaded is not kept (the next read loads again)", async () => {
    let stored = "old";
    const db = loader(() => stored);
    db.hold();
    const c = cache(undefined);
    const first = c.get("u", db.load);
    // The write commits and is announced before the first read's answer comes back (with the old row).
    await c.changed("u");
    const second = c.get("u", db.load);
    assert.equal(db.calls.length, 2, "a reader after the change does not share the load begun before it");
    stored = "new";
    db.calls[1]!();
    assert.equal(await second, "new");
    // The read begun before the change answers last, with the row it read before the change.
    stored = "old";
    db.calls[0]!();
    assert.equal(await first, "old");
    assert.equal(await c.get("u", db.load), "new");
    assert.equal(db.calls.length, 2, "the value loaded after the change is kept");
  });

  it("when a value is older than its lifetime, then it is read again (a change made by hand shows)", async () => {
    let stored = "v1";
    const db = loader(() => stored);
    const clock = new Clock();
    const c = cache(undefined, clock);
    await c.get("u", db.load);
    stored = "v2";
    clock.advance(30_001);
    assert.equal(await c.get("u", db.load), "v2");
  });

  it("when values are past their lifetime, then a later insertion sweeps them out (memory holds recent readers only)", async () => {
    const db = loader(() => "v");
    const clock = new Clock();
    const c = cache(undefined, clock);
    for (const key of ["a", "b", "c"]) await c.get(key, db.load);
    assert.equal(c.size, 3);
    clock.advance(60_001);
    await c.get("d", db.load);
    assert.equal(c.size, 1, "a, b and c were past their 30 s");
  });

  it("when a value ends by itself (endsAt) before its lifetime, then it is read again from that moment", async () => {
    let stored = "v1";
    const db = loader(() => stored);
    const clock = new Clock();
    const endsAt = clock.now() + 10_000;
    const c = new PushedCache<string>({
      feed: new ChangeFeed({ channel: CHANNEL, redis: undefined, logger }),
      clock,
      ttlMs: 30_000,
      maxEntries: 100,
      endsAt: (value) => (value === "v1" ? endsAt : 0),
    });
    assert.equal(await c.get("u", db.load), "v1");
    clock.advance(5_000);
    stored = "v2";
    assert.equal(await c.get("u", db.load), "v1", "kept until it ends");
    clock.advance(5_000);
    assert.equal(await c.get("u", db.load), "v2");
    // A value already over when read ("v2" ends at 0) is not kept.
    assert.equal(await c.get("u", db.load), "v2");
    assert.equal(db.calls.length, 3);
  });

  it("when a load fails, then the error reaches its readers and nothing is kept", async () => {
    const c = cache(undefined);
    await assert.rejects(
      c.get("u", () => Promise.reject(new Error("database down"))),
      /database down/,
    );
    assert.equal(await c.get("u", async () => "v1"), "v1");
  });
});

describe("a cache dropped by pushes, across processes (Redis)", () => {
  let redisDb: Awaited<ReturnType<typeof claimRedisDb>>;
  const redises: Redis[] = [];
  const caches: PushedCache<string>[] = [];
  const connect = () => {
    const redis = new Redis(redisDb.url, { maxRetriesPerRequest: 1 });
    redises.push(redis);
    return redis;
  };
  before(async () => {
    redisDb = await claimRedisDb();
  });
  after(async () => {
    for (const c of caches) await c.stop();
    for (const r of redises) r.disconnect();
    await redisDb?.release();
  });

  it("when a key changes on one process, then the other's next read loads it again within 1 s", async () => {
    let stored = "v1";
    const dbA = loader(() => stored);
    const dbB = loader(() => stored);
    const [a, b] = [cache(connect()), cache(connect())];
    caches.push(a, b);
    await Promise.all([a.start(), b.start()]);
    assert.equal(await b.get("u", dbB.load), "v1");
    assert.equal(await b.get("u", dbB.load), "v1");
    assert.equal(dbB.calls.length, 1, "b keeps the value");
    stored = "v2";
    await a.changed("u");
    await until(async () => (await b.get("u", dbB.load)) === "v2", 1_000);
    assert.equal(dbA.calls.length, 0);
  });

  it("when caches share one feed (PlayerCaches), then one change is one message, and it drops the key from all of them on the other process", async () => {
    const feeds = [connect(), connect()].map((redis) => new ChangeFeed({ channel: CHANNEL, redis, logger }));
    const [a, b] = feeds.map((feed) => {
      const caches = [cache(undefined, new Clock(), feed), cache(undefined, new Clock(), feed)];
      return { feed, caches, group: new PlayerCaches(feed, ...caches) };
    });
    const listener = connect().duplicate();
    redises.push(listener);
    const heard: string[] = [];
    listener.on("message", (_channel, key: string) => heard.push(key));
    await listener.subscribe(CHANNEL);
    try {
      await Promise.all([a!.group.start(), b!.group.start()]);
      let stored = "v1";
      const db = loader(() => stored);
      for (const c of b!.caches) assert.equal(await c.get("u", db.load), "v1");
      assert.equal(db.calls.length, 2);
      stored = "v2";
      await a!.group.changed("u");
      for (const c of b!.caches) await until(async () => (await c.get("u", db.load)) === "v2", 1_000);
      await until(async () => heard.length > 0, 1_000);
      // Another message would follow the first within the same moment: give it the time to.
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(heard, ["u"], "one message for the caches of the group");
    } finally {
      await Promise.all([a!.group.stop(), b!.group.stop()]);
    }
  });

  it("when the subscription is not up, then nothing is served from the cache", async () => {
    const db = loader(() => "v1");
    const notStarted = cache(connect());
    await notStarted.get("u", db.load);
    await notStarted.get("u", db.load);
    assert.equal(db.calls.length, 2, "without pushes arriving every read goes to the database");
  });
});
