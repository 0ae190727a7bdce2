import { badgesNearCompletion, calendarDay, type Dashboard as DashboardView } from "@levelup/shared";
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { ledger, users } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import type { CodingSessions } from "../coding/CodingSessions.ts";
import type { Replays } from "../dungeons/Replays.ts";
import type { Badges } from "./Badges.ts";
import type { PlayerProfiles } from "./PlayerProfiles.ts";
import type { Quests } from "./Quests.ts";

export interface DashboardDeps {
  db: Db;
  clock: Clock;
  playerProfiles: PlayerProfiles;
  quests: Quests;
  badges: Badges;
  coding: CodingSessions;
  replays: Replays;
}

const RECENT = 5;
const NEAR_BADGES = 3;
/** Every zone's offset is a multiple of 15 minutes, so these buckets never straddle a local midnight. */
const BUCKET_SECONDS = 900;
/** Local midnight is at most 24 h ago (25 h on a DST day): a wider window that filters by day. */
const TODAY_WINDOW_MS = 26 * 3600 * 1000;

/** GET /api/game/dashboard: the player's day at a glance, read from the features that own each part. */
export class Dashboard {
  constructor(private readonly deps: DashboardDeps) {}

  async of(userId: string): Promise<DashboardView> {
    const { playerProfiles, quests, badges, coding, replays } = this.deps;
    const [profile, questList, sessions, battles, catalogue, earned, todayXp] = await Promise.all([
      playerProfiles.profile(userId),
      quests.list(userId),
      coding.list(userId, { limit: RECENT }),
      replays.recentOf(userId, RECENT),
      badges.list(),
      badges.earnedBy(userId),
      this.todayXp(userId),
    ]);
    const near = badgesNearCompletion(
      catalogue.items,
      new Set(earned.items.map((b) => b.id)),
      { experience: profile.experience, level: profile.level, statistics: profile.statistics },
      NEAR_BADGES,
    );
    return {
      username: profile.username,
      level: profile.level,
      experience: profile.experience,
      xpToNextLevel: profile.xpToNextLevel,
      codingStreak: profile.codingStreak,
      todayXp,
      quests: questList.items,
      recentSessions: sessions.items,
      recentBattles: battles,
      badgesNearCompletion: near.map(({ id, name, description, icon, current, target }) => ({
        id,
        name,
        description,
        icon,
        current,
        target,
      })),
    };
  }

  /** XP paid since local midnight (the user's zone), from the ledger: 15-minute sums of the last 26 h. */
  private async todayXp(userId: string): Promise<number> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const [user] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw notFound("User");
    const bucket = sql<number>`floor(extract(epoch from ${ledger.createdAt}) / ${sql.raw(String(BUCKET_SECONDS))})::bigint`;
    const rows = await db
      .select({ bucket, xp: sql<number>`sum(${ledger.delta})::bigint` })
      .from(ledger)
      .where(
        and(
          eq(ledger.userId, userId),
          eq(ledger.currency, "xp"),
          gte(ledger.createdAt, new Date(now - TODAY_WINDOW_MS)),
        ),
      )
      .groupBy(bucket);
    const today = calendarDay(now, user.timeZone);
    return rows
      .filter((r) => calendarDay(Number(r.bucket) * BUCKET_SECONDS * 1000, user.timeZone) === today)
      .reduce((sum, r) => sum + Number(r.xp), 0);
  }
}
