import type { LeaderboardPage, LeaderboardPeriod } from "@levelup/shared";
import { weekStart } from "@levelup/shared";
import { and, asc, eq, gt, gte, sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Db } from "../../db/client.ts";
import { profiles, users, weeklyXp } from "../../db/schema.ts";
import type { BoardScore, Leaderboard, ScoreChange } from "./Leaderboard.ts";
import { decodeExperience, encodeScore } from "./redisScore.ts";
import type { PushedCache } from "../pushedCache.ts";
import { CACHED_TOP, firstOf, TopPageCache } from "./topPageCache.ts";

/** The prefix of the process's board keys in Redis. */
export const LEADERBOARD_KEY_PREFIX = "lb:";
/** A week's board is kept a little longer than the week, then Redis drops it. */
const WEEK_KEY_TTL_SECONDS = 15 * 24 * 3600;
const LOAD_CHUNK = 5000;
/** How far back a fresh rebuild re-reads rows, to catch grants that committed while it ran. */
const CATCH_UP_MS = 60_000;

/** Where a board's new version is announced (the message is the board's key): see BoardVersions. */
export const BOARD_VERSION_CHANNEL = "levelup:leaderboard:versions";

/**
 * One grant's score on one board, and the board's version bumped when the change can show in its
 * cached top (a new player, which changes the total, or a score now within the top CACHED_TOP);
 * the many grants far down the board leave every process's cached top valid. Returns 1 when the
 * version was bumped (the caller announces it), else 0.
 * KEYS: board, version. ARGV: score, member, expiry seconds (0: none), CACHED_TOP.
 */
const RECORD_SCRIPT = `
local existed = redis.call('zscore', KEYS[1], ARGV[2])
local changed = redis.call('zadd', KEYS[1], 'LT', 'CH', ARGV[1], ARGV[2])
local bumped = 0
if changed == 1 and ((not existed) or redis.call('zrank', KEYS[1], ARGV[2]) < tonumber(ARGV[4])) then
  redis.call('incr', KEYS[2])
  bumped = 1
end
if tonumber(ARGV[3]) > 0 then
  redis.call('expire', KEYS[1], ARGV[3])
  redis.call('expire', KEYS[2], ARGV[3])
end
return bumped`;

type WithRecord = Redis & {
  levelupBoardRecord(
    board: string,
    version: string,
    score: number,
    member: string,
    ttl: number,
    top: number,
  ): Promise<number>;
};

/** Whether a board is built in Redis, and its version: what a read of its cached top needs to know. */
export interface BoardVersion {
  built: boolean;
  version: string;
}

/**
 * Board versions as this process last read them, dropped by the announcement of every new version
 * (channel BOARD_VERSION_CHANNEL, published by whoever bumps one: a grant's record, a build, a
 * rebuild — the command-line one too), so that a read of a cached top needs no round trip to
 * Redis at all.
 */
export type BoardVersions = PushedCache<BoardVersion>;

export interface RedisLeaderboardDeps {
  db: Db;
  redis: Redis;
  /** Prefix of every key, e.g. "lb:" (tests and benchmarks use their own). */
  prefix: string;
  /** Without it every read of a top asks Redis for the board's version (a command-line rebuild has none). */
  versions?: BoardVersions;
}

/**
 * The boards as Redis sorted sets (score: see redisScore.ts), the database staying the source
 * of truth. Consistency: each grant updates its board after its commit with `ZADD … LT`, which
 * only ever moves a player up; as XP never decreases, updates arriving out of order still end
 * at the latest score. A board that was never built (a new Redis, a new week) is built from
 * the database on first read by the same monotonic merge; `rebuild` (npm run
 * leaderboard:rebuild) replaces a board from the database, e.g. after Redis lost writes while down.
 */
export class RedisLeaderboard implements Leaderboard {
  readonly kind = "redis";
  private readonly topCache = new TopPageCache<LeaderboardPage>();
  /** Names and levels of a page's players: one prepared statement (drizzle's query building was most of a miss). */
  private readonly namesAndLevelsQuery;
  private readonly redis: WithRecord;

  constructor(private readonly deps: RedisLeaderboardDeps) {
    if (!("levelupBoardRecord" in deps.redis)) {
      deps.redis.defineCommand("levelupBoardRecord", { numberOfKeys: 2, lua: RECORD_SCRIPT });
    }
    this.redis = deps.redis as WithRecord;
    this.namesAndLevelsQuery = deps.db
      .select({ userId: users.id, username: users.username, level: profiles.level })
      .from(users)
      .innerJoin(profiles, eq(profiles.userId, users.id))
      .where(sql`${users.id} = any(${sql.placeholder("ids")}::uuid[])`)
      .prepare("leaderboard_names_levels");
  }

  async start(): Promise<void> {
    await this.deps.versions?.start();
  }

  async stop(): Promise<void> {
    await this.deps.versions?.stop();
  }

  private key(period: LeaderboardPeriod, week: string): string {
    return period === "all" ? `${this.deps.prefix}all` : `${this.deps.prefix}week:${week}`;
  }

  /**
   * A board's players from rank `offset + 1`. The top (from rank 1, up to CACHED_TOP players) is
   * answered from this process's cache while the board's version is unchanged: no database read,
   * and no round trip to Redis while this process knows the version (BoardVersions).
   */
  async top(period: LeaderboardPeriod, limit: number, nowMs: number, offset = 0): Promise<LeaderboardPage> {
    const key = this.key(period, weekStart(nowMs));
    if (offset > 0 || limit > CACHED_TOP) return this.page(await this.built(period, weekStart(nowMs)), offset, limit);
    const board = await this.versionOf(key);
    // Never built in this Redis: built now, this one read straight from it.
    if (!board.built) return this.page(await this.built(period, weekStart(nowMs)), offset, limit);
    const page = await this.topCache.get(key, board.version, () => this.page(key, 0, CACHED_TOP));
    return firstOf(page, limit);
  }

  /** The board's version as this process knows it (BoardVersions), or as Redis says. */
  private versionOf(key: string): Promise<BoardVersion> {
    const read = () => this.boardVersion(key);
    return this.deps.versions ? this.deps.versions.get(key, read) : read();
  }

  private async boardVersion(key: string): Promise<BoardVersion> {
    const [isBuilt, version] = await Promise.all([
      this.redis.exists(builtMarker(key)),
      this.redis.get(versionKey(key)),
    ]);
    return { built: isBuilt === 1, version: version ?? "0" };
  }

  private async page(key: string, offset: number, limit: number): Promise<LeaderboardPage> {
    const [flat, total] = await Promise.all([
      this.redis.zrange(key, String(offset), String(offset + limit - 1), "WITHSCORES"),
      this.redis.zcard(key),
    ]);
    const ids: string[] = [];
    const xpOf = new Map<string, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const id = flat[i]!;
      ids.push(id);
      xpOf.set(id, decodeExperience(Number(flat[i + 1])));
    }
    const names = await this.namesAndLevels(ids);
    const items = ids.flatMap((userId, i) => {
      const who = names.get(userId);
      return who
        ? [{ rank: offset + i + 1, userId, username: who.username, level: who.level, experience: xpOf.get(userId)! }]
        : [];
    });
    return { items, total };
  }

  /**
   * One command to Redis when the board is built (the usual case: known from BoardVersions without
   * a round trip). A single command, not a pipeline, so that auto-pipelining (app.ts) sends the rank
   * reads of concurrent requests in one write.
   */
  async rankOf(userId: string, period: LeaderboardPeriod, nowMs: number): Promise<number | null> {
    const key = this.key(period, weekStart(nowMs));
    const board = await this.versionOf(key);
    const r = await this.redis.zrank(board.built ? key : await this.built(period, weekStart(nowMs)), userId);
    return r === null ? null : r + 1;
  }

  async record(change: ScoreChange): Promise<void> {
    const p = this.redis.pipeline() as unknown as WithRecord & { exec(): Promise<[Error | null, unknown][] | null> };
    const boards: string[] = [];
    if (change.all.experience > 0) {
      const key = this.key("all", "");
      p.levelupBoardRecord(key, versionKey(key), ...member(change.all), 0, CACHED_TOP);
      boards.push(key);
    }
    if (change.weekly && change.weekly.experience > 0) {
      const key = this.key("weekly", change.weekly.weekStart);
      p.levelupBoardRecord(key, versionKey(key), ...member(change.weekly), WEEK_KEY_TTL_SECONDS, CACHED_TOP);
      boards.push(key);
    }
    const results = (await p.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed) throw failed[0];
    // A new version is announced: dropped here at once, on the other processes by the push.
    const bumped = boards.filter((_, i) => results[i]?.[1] === 1);
    await Promise.all(bumped.map((key) => this.deps.versions?.changed(key)));
  }

  /**
   * Replaces a board with what the database holds (built into a temporary key, then renamed
   * over the live one), then re-applies rows that changed while it ran. Returns the entries loaded.
   */
  async rebuild(period: LeaderboardPeriod, nowMs: number): Promise<number> {
    const week = weekStart(nowMs);
    const key = this.key(period, week);
    const temp = `${key}:rebuild:${process.pid}:${nowMs}`;
    const startedAt = new Date(Date.now() - CATCH_UP_MS);
    const loaded = await this.load(period, week, temp);
    const m = this.deps.redis.multi();
    if (loaded > 0) m.rename(temp, key);
    else m.del(key);
    if (period === "weekly") m.expire(key, WEEK_KEY_TTL_SECONDS);
    m.set(builtMarker(key), "1");
    m.incr(versionKey(key));
    m.publish(BOARD_VERSION_CHANNEL, key);
    await m.exec();
    await this.load(period, week, key, startedAt);
    await this.redis.multi().incr(versionKey(key)).publish(BOARD_VERSION_CHANNEL, key).exec();
    return loaded;
  }

  /** The board's key, built from the database first if this Redis never had it. */
  private async built(period: LeaderboardPeriod, week: string): Promise<string> {
    const key = this.key(period, week);
    if (await this.deps.redis.exists(builtMarker(key))) return key;
    await this.load(period, week, key);
    const m = this.deps.redis.multi().set(builtMarker(key), "1").incr(versionKey(key));
    if (period === "weekly") {
      for (const k of [key, builtMarker(key), versionKey(key)]) m.expire(k, WEEK_KEY_TTL_SECONDS);
    }
    m.publish(BOARD_VERSION_CHANNEL, key);
    await m.exec();
    return key;
  }

  /**
   * Merges the database's rows of a board into `target` (monotonically), in chunks; `since` limits
   * to recent ones. Bots (users.is_bot) are left out, as Progression never records their grants.
   */
  private async load(period: LeaderboardPeriod, week: string, target: string, since?: Date): Promise<number> {
    const { db, redis } = this.deps;
    let loaded = 0;
    let afterId: string | undefined;
    for (;;) {
      const rows: BoardScore[] =
        period === "all"
          ? await db
              .select({ userId: profiles.userId, experience: profiles.experience, experienceAt: profiles.experienceAt })
              .from(profiles)
              .innerJoin(users, eq(users.id, profiles.userId))
              .where(
                and(
                  gt(profiles.experience, 0),
                  eq(users.isBot, false),
                  since ? gte(profiles.experienceAt, since) : undefined,
                  afterId ? gt(profiles.userId, afterId) : undefined,
                ),
              )
              .orderBy(asc(profiles.userId))
              .limit(LOAD_CHUNK)
          : await db
              .select({ userId: weeklyXp.userId, experience: weeklyXp.experience, experienceAt: weeklyXp.experienceAt })
              .from(weeklyXp)
              .innerJoin(users, eq(users.id, weeklyXp.userId))
              .where(
                and(
                  eq(weeklyXp.weekStart, week),
                  eq(users.isBot, false),
                  gt(weeklyXp.experience, 0),
                  since ? gte(weeklyXp.experienceAt, since) : undefined,
                  afterId ? gt(weeklyXp.userId, afterId) : undefined,
                ),
              )
              .orderBy(asc(weeklyXp.userId))
              .limit(LOAD_CHUNK);
      if (rows.length === 0) break;
      await redis.zadd(target, "LT", ...rows.flatMap(member));
      loaded += rows.length;
      afterId = rows[rows.length - 1]?.userId;
      if (rows.length < LOAD_CHUNK) break;
    }
    return loaded;
  }

  private async namesAndLevels(ids: string[]): Promise<Map<string, { username: string; level: number }>> {
    if (ids.length === 0) return new Map();
    const rows = await this.namesAndLevelsQuery.execute({ ids });
    return new Map(rows.map((r) => [r.userId, r]));
  }
}

function member(s: BoardScore): [number, string] {
  return [encodeScore(s.experience, s.experienceAt), s.userId];
}

function builtMarker(key: string): string {
  return `${key}:built`;
}

/** Bumped whenever the board's cached top may have changed (see TopPageCache). */
function versionKey(key: string): string {
  return `${key}:version`;
}
