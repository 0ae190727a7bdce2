import {
  calendarDay,
  currentStreak,
  normalizeStatistics,
  type ProfileResponse,
  type UserProgress,
  xpToNextLevel,
} from "@levelup/shared";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { badges, inventory, profiles, shopItems, userBadges, users } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import { type EquippedRow, equippedItemColumns, loadoutFrom } from "../economy/loadout.ts";
import type { Leaderboard } from "../leaderboard/Leaderboard.ts";

export interface PlayerProfilesDeps {
  db: Db;
  clock: Clock;
  leaderboard: Leaderboard;
}

const profileColumns = {
  username: users.username,
  timeZone: users.timeZone,
  level: profiles.level,
  experience: profiles.experience,
  coins: profiles.coins,
  gems: profiles.gems,
  codingStreak: profiles.codingStreak,
  lastCodingDay: profiles.lastCodingDay,
  avatar: profiles.avatar,
  statistics: profiles.statistics,
};

/** What a player's progression looks like from outside: the profile and the public progress. */
export class PlayerProfiles {
  /**
   * GET /api/game/profile's read: the profile, its user and the equipped items in one prepared
   * statement (one row per equipped item, or one row with null item columns). Built once: drizzle's
   * query building and a second round trip were a third of the route's time.
   */
  private readonly profileWithGear;

  constructor(private readonly deps: PlayerProfilesDeps) {
    this.profileWithGear = deps.db
      .select({
        ...profileColumns,
        ...equippedItemColumns,
      })
      .from(profiles)
      .innerJoin(users, eq(users.id, profiles.userId))
      .leftJoin(inventory, and(eq(inventory.userId, profiles.userId), eq(inventory.equipped, true)))
      .leftJoin(shopItems, eq(shopItems.id, inventory.itemId))
      .where(eq(profiles.userId, sql.placeholder("userId")))
      .orderBy(asc(shopItems.sortOrder))
      .prepare("profile_with_gear");
  }

  /** GET /api/game/profile: balances, derived level figures, streak as of today, statistics and gear. */
  async profile(userId: string): Promise<ProfileResponse> {
    const rows = await this.profileWithGear.execute({ userId });
    const row = rows[0];
    if (!row) throw notFound("User");
    const equipped = rows.filter((r): r is typeof r & EquippedRow => r.itemId !== null && r.inventoryItemId !== null);
    const loadout = loadoutFrom(
      row.level,
      equipped.map(({ inventoryItemId, itemId, name, slot, rarity, stats }) => ({
        inventoryItemId,
        itemId,
        name,
        slot,
        rarity,
        stats,
      })),
    );
    return {
      userId,
      username: row.username,
      level: row.level,
      experience: row.experience,
      xpToNextLevel: xpToNextLevel(row.experience),
      coins: row.coins,
      gems: row.gems,
      codingStreak: this.streakToday(row),
      avatar: { ...row.avatar, ...loadout.avatar },
      statistics: normalizeStatistics(row.statistics),
      equipped: loadout.equipped,
      stats: loadout.stats,
    };
  }

  /** GET /api/game/leaderboard/users/:userId/progress: anyone's public progress and all-time rank. */
  async progress(userId: string): Promise<UserProgress> {
    const row = await this.row(userId);
    const { db, clock, leaderboard } = this.deps;
    const [rank, earned] = await Promise.all([
      leaderboard.rankOf(userId, "all", clock.now()),
      db
        .select({ id: badges.id, name: badges.name, icon: badges.icon, earnedAt: userBadges.earnedAt })
        .from(userBadges)
        .innerJoin(badges, eq(badges.id, userBadges.badgeId))
        .where(eq(userBadges.userId, userId))
        .orderBy(asc(userBadges.earnedAt), asc(badges.id)),
    ]);
    const statistics = normalizeStatistics(row.statistics);
    return {
      userId,
      username: row.username,
      level: row.level,
      experience: row.experience,
      rank,
      xpToNextLevel: xpToNextLevel(row.experience),
      attempts: { passed: statistics.challengesPassed, failed: statistics.challengesFailed },
      badges: earned.map((b) => ({ ...b, earnedAt: b.earnedAt.toISOString() })),
      codingStreak: this.streakToday(row),
    };
  }

  private async row(userId: string) {
    const [row] = await this.deps.db
      .select(profileColumns)
      .from(profiles)
      .innerJoin(users, eq(users.id, profiles.userId))
      .where(eq(profiles.userId, userId))
      .limit(1);
    if (!row) throw notFound("User");
    return row;
  }

  private streakToday(row: { codingStreak: number; lastCodingDay: string | null; timeZone: string }): number {
    const today = calendarDay(this.deps.clock.now(), row.timeZone);
    return currentStreak({ streak: row.codingStreak, lastDay: row.lastCodingDay }, today);
  }
}
