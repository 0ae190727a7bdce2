import type { LeaderboardPage, LeaderboardPeriod } from "@levelup/shared";
import { weekStart } from "@levelup/shared";
import { type AnyColumn, and, asc, count, eq, gt, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { profiles, users, weeklyXp } from "../../db/schema.ts";
import type { Leaderboard } from "./Leaderboard.ts";
import { CACHED_TOP, firstOf, TopPageCache } from "./topPageCache.ts";

/**
 * The boards read straight from `profiles` (all time) and `weekly_xp` (one week), through the
 * indexes (experience desc, experience_at asc, user_id) both tables have: the top is an index
 * scan and a rank is a count of the rows ordered before the player's. The top (from rank 1, up to
 * CACHED_TOP players) is cached until the next grant: without Redis this process is the whole
 * game, so every grant passes through `record`.
 */
export class SqlLeaderboard implements Leaderboard {
  readonly kind = "sql";
  private readonly topCache = new TopPageCache<LeaderboardPage>();
  private version = 0;
  constructor(private readonly db: Executor) {}

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async top(period: LeaderboardPeriod, limit: number, nowMs: number, offset = 0): Promise<LeaderboardPage> {
    if (offset > 0 || limit > CACHED_TOP) return this.read(period, limit, nowMs, offset);
    const board = `${period}:${weekStart(nowMs)}`;
    const page = await this.topCache.get(board, String(this.version), () => this.read(period, CACHED_TOP, nowMs, 0));
    return firstOf(page, limit);
  }

  private async read(
    period: LeaderboardPeriod,
    limit: number,
    nowMs: number,
    offset: number,
  ): Promise<LeaderboardPage> {
    const { db } = this;
    if (period === "all") {
      const rows = await db
        .select({
          userId: profiles.userId,
          username: users.username,
          level: profiles.level,
          experience: profiles.experience,
        })
        .from(profiles)
        .innerJoin(users, eq(users.id, profiles.userId))
        .where(and(gt(profiles.experience, 0), ranked))
        .orderBy(xpDescending(profiles.experience), asc(profiles.experienceAt), asc(profiles.userId))
        .limit(limit)
        .offset(offset);
      const [counted] = await db
        .select({ total: count() })
        .from(profiles)
        .innerJoin(users, eq(users.id, profiles.userId))
        .where(and(gt(profiles.experience, 0), ranked));
      return { items: rows.map((r, i) => ({ rank: offset + i + 1, ...r })), total: counted?.total ?? 0 };
    }
    const week = weekStart(nowMs);
    const rows = await db
      .select({
        userId: weeklyXp.userId,
        username: users.username,
        level: profiles.level,
        experience: weeklyXp.experience,
      })
      .from(weeklyXp)
      .innerJoin(users, eq(users.id, weeklyXp.userId))
      .innerJoin(profiles, eq(profiles.userId, weeklyXp.userId))
      .where(and(eq(weeklyXp.weekStart, week), gt(weeklyXp.experience, 0), ranked))
      .orderBy(xpDescending(weeklyXp.experience), asc(weeklyXp.experienceAt), asc(weeklyXp.userId))
      .limit(limit)
      .offset(offset);
    const [counted] = await db
      .select({ total: count() })
      .from(weeklyXp)
      .innerJoin(users, eq(users.id, weeklyXp.userId))
      .where(and(eq(weeklyXp.weekStart, week), gt(weeklyXp.experience, 0), ranked));
    return { items: rows.map((r, i) => ({ rank: offset + i + 1, ...r })), total: counted?.total ?? 0 };
  }

  async rankOf(userId: string, period: LeaderboardPeriod, nowMs: number): Promise<number | null> {
    const { db } = this;
    const t =
      period === "all"
        ? { table: profiles, xp: profiles.experience, at: profiles.experienceAt, id: profiles.userId, week: undefined }
        : {
            table: weeklyXp,
            xp: weeklyXp.experience,
            at: weeklyXp.experienceAt,
            id: weeklyXp.userId,
            week: eq(weeklyXp.weekStart, weekStart(nowMs)),
          };
    const [me] = await db
      .select({ xp: t.xp, at: t.at, isBot: users.isBot })
      .from(t.table)
      .innerJoin(users, eq(users.id, t.id))
      .where(and(eq(t.id, userId), t.week))
      .limit(1);
    if (!me || me.xp <= 0 || me.isBot) return null;
    // Two counts, each an index range: players with more XP, and those with as much who got there first.
    const [more] = await db
      .select({ n: count() })
      .from(t.table)
      .innerJoin(users, eq(users.id, t.id))
      .where(and(t.week, gt(t.xp, me.xp), ranked));
    const [tiedBefore] = await db
      .select({ n: count() })
      .from(t.table)
      .innerJoin(users, eq(users.id, t.id))
      .where(
        and(
          t.week,
          eq(t.xp, me.xp),
          ranked,
          sql`(${t.at}, ${t.id}) < (${me.at.toISOString()}::timestamptz, ${userId}::uuid)`,
        ),
      );
    return (more?.n ?? 0) + (tiedBefore?.n ?? 0) + 1;
  }

  async record(): Promise<void> {
    // The grant's own transaction already wrote profiles and weekly_xp; only the cached top is old.
    this.version++;
  }
}

/** Bots (load-test accounts, users.is_bot) are on no board: not listed, not counted, not ahead of anyone. */
const ranked = eq(users.isBot, false);

/** XP descending as the indexes store it (NULLS LAST; the column is never null), so the top is an index scan. */
function xpDescending(column: AnyColumn): SQL {
  return sql`${column} desc nulls last`;
}
