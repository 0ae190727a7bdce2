import type { LeaderboardPage, LeaderboardPeriod } from "@levelup/shared";
import { weekStart } from "@levelup/shared";
import { and, asc, eq, gt, gte, inArray } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Db } from "../../db/client.ts";
import { profiles, users, weeklyXp } from "../../db/schema.ts";
import type { BoardScore, Leaderboard, ScoreChange } from "./Leaderboard.ts";
import { decodeExperience, encodeScore } from "./redisScore.ts";

/** The prefix of the process's board keys in Redis. */
export const LEADERBOARD_KEY_PREFIX = "lb:";
/** A week's board is kept a little longer than the week, then Redis drops it. */
const WEEK_KEY_TTL_SECONDS = 15 * 24 * 3600;
const LOAD_CHUNK = 5000;
/** How far back a fresh rebuild re-reads rows, to catch grants that committed while it ran. */
const CATCH_UP_MS = 60_000;

export interface RedisLeaderboardDeps {
  db: Db;
  redis: Redis;
  /** Prefix of every key, e.g. "lb:" (tests and benchmarks use their own). */
  prefix: string;
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
  constructor(private readonly deps: RedisLeaderboardDeps) {}

  private key(period: LeaderboardPeriod, week: string): string {
    return period === "all" ? `${this.deps.prefix}all` : `${this.deps.prefix}week:${week}`;
  }

  async top(period: LeaderboardPeriod, limit: number, nowMs: number, offset = 0): Promise<LeaderboardPage> {
    const week = weekStart(nowMs);
    const key = await this.built(period, week);
    const [flat, total] = await Promise.all([
      this.deps.redis.zrange(key, String(offset), String(offset + limit - 1), "WITHSCORES"),
      this.deps.redis.zcard(key),
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

  async rankOf(userId: string, period: LeaderboardPeriod, nowMs: number): Promise<number | null> {
    const key = await this.built(period, weekStart(nowMs));
    const rank = await this.deps.redis.zrank(key, userId);
    return rank === null ? null : rank + 1;
  }

  async record(change: ScoreChange): Promise<void> {
    const m = this.deps.redis.multi();
    if (change.all.experience > 0) m.zadd(this.key("all", ""), "LT", ...member(change.all));
    if (change.weekly && change.weekly.experience > 0) {
      const key = this.key("weekly", change.weekly.weekStart);
      m.zadd(key, "LT", ...member(change.weekly));
      m.expire(key, WEEK_KEY_TTL_SECONDS);
    }
    await m.exec();
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
    await m.exec();
    await this.load(period, week, key, startedAt);
    return loaded;
  }

  /** The board's key, built from the database first if this Redis never had it. */
  private async built(period: LeaderboardPeriod, week: string): Promise<string> {
    const key = this.key(period, week);
    if (await this.deps.redis.exists(builtMarker(key))) return key;
    await this.load(period, week, key);
    const m = this.deps.redis.multi().set(builtMarker(key), "1");
    if (period === "weekly") m.expire(key, WEEK_KEY_TTL_SECONDS).expire(builtMarker(key), WEEK_KEY_TTL_SECONDS);
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
    const rows = await this.deps.db
      .select({ userId: users.id, username: users.username, level: profiles.level })
      .from(users)
      .innerJoin(profiles, eq(profiles.userId, users.id))
      .where(inArray(users.id, ids));
    return new Map(rows.map((r) => [r.userId, r]));
  }
}

function member(s: BoardScore): [number, string] {
  return [encodeScore(s.experience, s.experienceAt), s.userId];
}

function builtMarker(key: string): string {
  return `${key}:built`;
}
