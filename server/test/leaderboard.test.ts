import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { addDays, dayStartMs, weekStart } from "@levelup/shared";
import { max } from "drizzle-orm";
import { Redis } from "ioredis";
import {
  BOARD_VERSION_CHANNEL,
  type BoardVersions,
  RedisLeaderboard,
} from "../src/services/leaderboard/RedisLeaderboard.ts";
import { weeklyXp } from "../src/db/schema.ts";
import { ChangeFeed } from "../src/services/changeFeed.ts";
import { PushedCache } from "../src/services/pushedCache.ts";
import { decodeExperience, encodeScore } from "../src/services/leaderboard/redisScore.ts";
import { SqlLeaderboard } from "../src/services/leaderboard/SqlLeaderboard.ts";
import { deleteSyntheticPlayers, insertSyntheticPlayers } from "../src/services/leaderboard/syntheticPlayers.ts";
import { api, newUser } from "./support/api.ts";
import { scaled, until } from "./support/deadlines.ts";
import { testServer } from "./support/testServer.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

async function deleteKeys(redis: Redis, prefix: string) {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== "0");
}

describe("leaderboard scores in Redis", () => {
  it("when scores are encoded, then more XP sorts first, then the earlier time, and XP decodes back", () => {
    const t = new Date("2026-03-10T12:00:00Z");
    const later = new Date("2026-03-10T12:00:01Z");
    assert.ok(encodeScore(501, later) < encodeScore(500, t));
    assert.ok(encodeScore(500, t) < encodeScore(500, later));
    for (const xp of [1, 99, 4_194_303]) assert.equal(decodeExperience(encodeScore(xp, later)), xp);
  });
});

describe("leaderboard", () => {
  afterEach(async () => (await testServer()).server.ctx.clock.reset());

  it("when players have XP, then the board orders them by XP, ties going to who got there first", async () => {
    const { server } = await testServer();
    const [a, b, c] = [await newUser("lba"), await newUser("lbb"), await newUser("lbc")];
    const base = 3_000_000;
    const grant = (userId: string, xp: number) =>
      server.ctx.progression.grant({ userId, ref: `test:${randomUUID()}`, reason: "test", xp });
    await grant(b.id, base);
    server.ctx.clock.advance(2000);
    await grant(a.id, base);
    await grant(c.id, base + 10);
    const res = await api("GET", "/api/game/leaderboard?period=all&limit=3", { token: a.token });
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((i: { userId: string; rank: number }) => [i.rank, i.userId]),
      [
        [1, c.id],
        [2, b.id],
        [3, a.id],
      ],
    );
    assert.equal(res.body.items[0].username, c.username);
    assert.equal(res.body.items[0].experience, base + 10);
    assert.equal(res.body.items[0].level, Math.floor(Math.sqrt((base + 10) / 100)) + 1);
    assert.ok(res.body.total >= 3);
  });

  it("when the top 100 is read again, then the same answer and ETag come back (304 on If-None-Match) until a grant enters the top", async () => {
    const { server } = await testServer();
    const user = await newUser("lbsh");
    const read = (headers: Record<string, string> = {}) =>
      api("GET", "/api/game/leaderboard?limit=100", { token: user.token, headers });
    const first = await read();
    const second = await read();
    assert.equal(first.status, 200);
    assert.equal(second.headers.get("content-type"), "application/json; charset=utf-8");
    assert.deepEqual(second.body, first.body);
    const etag = first.headers.get("etag");
    assert.ok(etag);
    assert.equal(second.headers.get("etag"), etag);
    const revalidated = await read({ "if-none-match": etag, "cache-control": "max-age=0" });
    assert.equal(revalidated.status, 304);

    // Into the top 100 at its bottom (the board is shared: other tests' players stay above).
    const last = first.body.items.length < 100 ? 0 : first.body.items[99].experience;
    await server.ctx.progression.grant({ userId: user.id, ref: `test:${randomUUID()}`, reason: "test", xp: last + 1 });
    const after = await read({ "if-none-match": etag, "cache-control": "max-age=0" });
    assert.equal(after.status, 200);
    assert.notEqual(after.headers.get("etag"), etag);
    assert.ok(after.body.items.some((i: { userId: string }) => i.userId === user.id));
  });

  it("when the week ends, then the weekly board starts empty for everyone while the all-time board keeps them", async () => {
    const { server } = await testServer();
    const { clock } = server.ctx;
    const user = await newUser("lbw");
    await server.ctx.progression.grant({ userId: user.id, ref: "test:lbw:1", reason: "test", xp: 77 });
    const weekly = await api("GET", "/api/game/leaderboard?period=weekly&limit=100", { token: user.token });
    assert.ok(
      weekly.body.items.some(
        (i: { userId: string; experience: number }) => i.userId === user.id && i.experience === 77,
      ),
    );

    // The first week nobody has XP in yet: other files' tests grant XP with the shared clock moved
    // days ahead (and reset it after), so the week after this one may already have entries.
    const [row] = await server.ctx.db.select({ latest: max(weeklyXp.weekStart) }).from(weeklyXp);
    const thisWeek = weekStart(clock.now());
    // Calendar days (YYYY-MM-DD) sort as strings.
    const latestWeek = row?.latest && row.latest > thisWeek ? row.latest : thisWeek;
    clock.advance(dayStartMs(addDays(latestWeek, 7)) - clock.now() + 1000);

    const fresh = await api("GET", "/api/game/leaderboard?period=weekly&limit=100", { token: user.token });
    assert.deepEqual(fresh.body, { items: [], total: 0 });
    const progress = await api("GET", `/api/game/leaderboard/users/${user.id}/progress`, { token: user.token });
    assert.notEqual(progress.body.rank, null, "the all-time rank stays");

    await server.ctx.progression.grant({ userId: user.id, ref: "test:lbw:2", reason: "test", xp: 5 });
    const next = await api("GET", "/api/game/leaderboard?period=weekly&limit=100", { token: user.token });
    assert.deepEqual(
      next.body.items.map((i: { userId: string; experience: number }) => [i.userId, i.experience]),
      [[user.id, 5]],
    );
  });

  it("when 1,000 random players are ranked, then SQL and Redis give identical boards and ranks", async function () {
    this.timeout(scaled(120_000));
    const { server } = await testServer();
    const { db, clock } = server.ctx;
    const tag = randomBytes(4).toString("hex");
    const prefix = `test:lb:${tag}:`;
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const nowMs = clock.now();
      const ids = await insertSyntheticPlayers(db, { tag, count: 1000, seed: 20_260_310, nowMs });
      const sql = new SqlLeaderboard(db);
      const fromRedis = new RedisLeaderboard({ db, redis, prefix });
      for (const period of ["all", "weekly"] as const) {
        assert.deepEqual(
          await fromRedis.top(period, 100, nowMs),
          await sql.top(period, 100, nowMs),
          `${period} top 100`,
        );
        const deeper = await sql.top(period, 100, nowMs, 300);
        assert.deepEqual(await fromRedis.top(period, 100, nowMs, 300), deeper, `${period} ranks 301-400`);
        assert.equal(deeper.items[0]?.rank, 301);
        const [sqlRanks, redisRanks] = await Promise.all([
          Promise.all(ids.map((id) => sql.rankOf(id, period, nowMs))),
          Promise.all(ids.map((id) => fromRedis.rankOf(id, period, nowMs))),
        ]);
        assert.deepEqual(redisRanks, sqlRanks, `${period} ranks`);
        assert.ok(sqlRanks.some((r) => r === null) && sqlRanks.some((r) => r !== null));
      }

      // A replaced board (e.g. after Redis lost writes) answers the same again.
      await redis.zrem(`${prefix}all`, ...ids.slice(0, 300));
      await fromRedis.rebuild("all", nowMs);
      assert.deepEqual(await fromRedis.top("all", 100, nowMs), await sql.top("all", 100, nowMs));
    } finally {
      await deleteKeys(redis, prefix);
      await redis.quit();
      await deleteSyntheticPlayers(db, tag);
    }
  });

  it("when a grant's board updates arrive out of order, then Redis keeps the newest score", async () => {
    const { server } = await testServer();
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    const prefix = `test:lb:${randomBytes(4).toString("hex")}:`;
    try {
      const board = new RedisLeaderboard({ db: server.ctx.db, redis, prefix });
      const userId = randomUUID();
      const t = new Date("2026-03-10T12:00:00Z");
      await board.record({ all: { userId, experience: 300, experienceAt: new Date(t.getTime() + 5000) } });
      await board.record({ all: { userId, experience: 200, experienceAt: t } });
      const score = await redis.zscore(`${prefix}all`, userId);
      assert.equal(decodeExperience(Number(score)), 300);
    } finally {
      await deleteKeys(redis, prefix);
      await redis.quit();
    }
  });

  it("when a player's XP changes after the top was read (and cached), then the next read of this process shows it", async () => {
    const { server } = await testServer();
    const [reader, climber, newcomer] = [await newUser("lbcr"), await newUser("lbcc"), await newUser("lbcn")];
    const top = async () => (await api("GET", "/api/game/leaderboard?limit=100", { token: reader.token })).body;
    await server.ctx.progression.grant({ userId: climber.id, ref: `test:${randomUUID()}`, reason: "test", xp: 10 });
    const before = await top();
    assert.deepEqual(await top(), before, "a second read answers the same");
    await server.ctx.progression.grant({
      userId: climber.id,
      ref: `test:${randomUUID()}`,
      reason: "test",
      xp: 9_000_000,
    });
    const after = await top();
    assert.deepEqual([after.items[0].userId, after.items[0].experience], [climber.id, 9_000_010]);
    assert.equal(after.total, before.total, "the same players");
    await server.ctx.progression.grant({ userId: newcomer.id, ref: `test:${randomUUID()}`, reason: "test", xp: 1 });
    assert.equal((await top()).total, before.total + 1, "a new player counts at once");
  });

  it("when another process records a score, then this process's cached top shows it at once; changes below the top keep the cache", async function () {
    this.timeout(scaled(60_000));
    const { server } = await testServer();
    const { db, clock } = server.ctx;
    const tag = randomBytes(4).toString("hex");
    const prefix = `test:lb:${tag}:`;
    // Two processes' boards: each its own Redis connection and cache, one Redis and database.
    const [redisA, redisB] = [
      new Redis(redisUrl, { maxRetriesPerRequest: 1 }),
      new Redis(redisUrl, { maxRetriesPerRequest: 1 }),
    ];
    try {
      const nowMs = clock.now();
      const ids = await insertSyntheticPlayers(db, { tag, count: 300, seed: 7, nowMs });
      const a = new RedisLeaderboard({ db, redis: redisA, prefix });
      const b = new RedisLeaderboard({ db, redis: redisB, prefix });
      const truth = () => new RedisLeaderboard({ db, redis: redisA, prefix }).top("all", 100, nowMs, 0);
      const cached = await b.top("all", 100, nowMs);
      assert.deepEqual(cached, await truth());
      const version = async () => redisA.get(`${prefix}all:version`);
      const v0 = await version();

      // A player far below the top gains a little: the top is unchanged, and so is the version.
      const last = cached.total;
      const lowest = (await b.top("all", 1, nowMs, last - 1)).items[0]!;
      const at = new Date(Math.floor(nowMs / 1000) * 1000);
      await a.record({ all: { userId: lowest.userId, experience: lowest.experience + 1, experienceAt: at } });
      assert.equal(await version(), v0, "a change at rank ~300 leaves every cached top valid");
      assert.deepEqual(await b.top("all", 100, nowMs), await truth());

      // A player enters the top on process a: process b's very next read shows it.
      const climber = ids.find((id) => !cached.items.some((i) => i.userId === id))!;
      await a.record({ all: { userId: climber, experience: 50_000_000, experienceAt: at } });
      const seen = await b.top("all", 10, nowMs);
      assert.deepEqual([seen.items[0]!.userId, seen.items[0]!.experience], [climber, 50_000_000]);
      assert.deepEqual(await b.top("all", 100, nowMs), await truth());
    } finally {
      await deleteKeys(redisA, prefix);
      await redisA.quit();
      await redisB.quit();
      await deleteSyntheticPlayers(db, tag);
    }
  });

  it("when a process knows a board's version, then it reads its cached top without asking Redis; a new version from another process reaches it by push", async function () {
    this.timeout(scaled(60_000));
    const { server } = await testServer();
    const { db, clock, logger } = server.ctx;
    const tag = randomBytes(4).toString("hex");
    const prefix = `test:lb:${tag}:`;
    const [redisA, redisB] = [
      new Redis(redisUrl, { maxRetriesPerRequest: 1 }),
      new Redis(redisUrl, { maxRetriesPerRequest: 1 }),
    ];
    const versions = (redis: Redis): BoardVersions =>
      new PushedCache({
        feed: new ChangeFeed({ channel: BOARD_VERSION_CHANNEL, redis, logger }),
        clock,
        ttlMs: 60_000,
        maxEntries: 100,
      });
    const [versionsA, versionsB] = [versions(redisA), versions(redisB)];
    try {
      await Promise.all([versionsA.start(), versionsB.start()]);
      const nowMs = clock.now();
      const ids = await insertSyntheticPlayers(db, { tag, count: 150, seed: 11, nowMs });
      const a = new RedisLeaderboard({ db, redis: redisA, prefix, versions: versionsA });
      const b = new RedisLeaderboard({ db, redis: redisB, prefix, versions: versionsB });
      // Built by a (whose announcement b hears), then read by b: b now knows the version.
      await a.top("all", 100, nowMs);
      await new Promise((r) => setTimeout(r, 200));
      const first = await b.top("all", 100, nowMs);
      assert.equal(first.items.length, 100);

      // Process b's next read of its cached top sends Redis nothing (a board that does not know
      // versions sends commands for the same read: the count can see them).
      let commands = 0;
      const send = redisB.sendCommand.bind(redisB);
      redisB.sendCommand = ((...args: Parameters<typeof send>) => {
        commands++;
        return send(...args);
      }) as typeof redisB.sendCommand;
      assert.deepEqual(await b.top("all", 10, nowMs), { items: first.items.slice(0, 10), total: first.total });
      assert.equal(commands, 0);
      await new RedisLeaderboard({ db, redis: redisB, prefix }).top("all", 10, nowMs);
      assert.ok(commands > 0);
      redisB.sendCommand = send;

      // A player enters the top on process a: the push reaches b, whose next reads show it.
      const climber = ids.find((id) => !first.items.some((i) => i.userId === id))!;
      const at = new Date(Math.floor(nowMs / 1000) * 1000);
      await a.record({ all: { userId: climber, experience: 60_000_000, experienceAt: at } });
      await until(async () => (await b.top("all", 1, nowMs)).items[0]?.userId === climber, 1_000);
      // And on a itself at once, without waiting for its own push.
      const seenByA = await a.top("all", 1, nowMs);
      assert.equal(seenByA.items[0]?.userId, climber);
    } finally {
      await Promise.all([versionsA.stop(), versionsB.stop()]);
      await deleteKeys(redisA, prefix);
      await redisA.quit();
      await redisB.quit();
      await deleteSyntheticPlayers(db, tag);
    }
  });

  it("when the query is malformed, then 400", async () => {
    const user = await newUser("lbq");
    assert.equal((await api("GET", "/api/game/leaderboard?period=monthly", { token: user.token })).status, 400);
    assert.equal((await api("GET", "/api/game/leaderboard?limit=500", { token: user.token })).status, 400);
  });
});
