import {
  calendarDay,
  canonicalTimeZone,
  currentStreak,
  nextTimeZoneChangeAt,
  normalizeStatistics,
  type ProfileResponse,
  restateLastDay,
  type TimeZoneResponse,
  type UserProgress,
  xpToNextLevel,
} from "@levelup/shared";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { badges, inventory, profiles, shopItems, userBadges, users } from "../../db/schema.ts";
import { badRequest, notFound, rateLimited } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import { equippedItemColumns, joinedItem, loadoutFrom } from "../economy/loadout.ts";
import type { Leaderboard } from "../leaderboard/Leaderboard.ts";
import type { PlayerChanges } from "../playerCaches.ts";
import type { PushedCache } from "../pushedCache.ts";

export interface PlayerProfilesDeps {
  db: Db;
  clock: Clock;
  leaderboard: Leaderboard;
  /** The profile read's rows by user id, dropped by every write to them (PlayerChanges). */
  cache: PushedCache<ProfileRows>;
  /** A player's earned badges by user id, dropped with the profile (badges are awarded in grants). */
  badgeCache: PushedCache<EarnedBadgeRows>;
  /** Told after a time-zone change. */
  playerChanges: PlayerChanges;
}

/** A player's earned badges, oldest first. */
export type EarnedBadgeRows = Awaited<ReturnType<ReturnType<typeof prepareEarnedBadges>["execute"]>>;

/** What GET /api/game/profile reads: the profile and its user, once per equipped item (or once with no item). */
export type ProfileRows = Awaited<ReturnType<ReturnType<typeof prepareProfileWithGear>["execute"]>>;

const profileColumns = {
  username: users.username,
  timeZone: users.timeZone,
  timeZoneChangedAt: users.timeZoneChangedAt,
  level: profiles.level,
  experience: profiles.experience,
  coins: profiles.coins,
  gems: profiles.gems,
  codingStreak: profiles.codingStreak,
  lastCodingDay: profiles.lastCodingDay,
  avatar: profiles.avatar,
  statistics: profiles.statistics,
};

/**
 * GET /api/game/profile's read: the profile, its user and the equipped items in one prepared
 * statement (one row per equipped item, or one row with null item columns). Built once: drizzle's
 * query building and a second round trip were a third of the route's time.
 */
function prepareProfileWithGear(db: Db) {
  return db
    .select({ ...profileColumns, ...equippedItemColumns })
    .from(profiles)
    .innerJoin(users, eq(users.id, profiles.userId))
    .leftJoin(inventory, and(eq(inventory.userId, profiles.userId), eq(inventory.equipped, true)))
    .leftJoin(shopItems, eq(shopItems.id, inventory.itemId))
    .where(eq(profiles.userId, sql.placeholder("userId")))
    .orderBy(asc(shopItems.sortOrder))
    .prepare("profile_with_gear");
}

function prepareEarnedBadges(db: Db) {
  return db
    .select({ id: badges.id, name: badges.name, icon: badges.icon, earnedAt: userBadges.earnedAt })
    .from(userBadges)
    .innerJoin(badges, eq(badges.id, userBadges.badgeId))
    .where(eq(userBadges.userId, sql.placeholder("userId")))
    .orderBy(asc(userBadges.earnedAt), asc(badges.id))
    .prepare("earned_badges");
}

/** What a player's progression looks like from outside: the profile and the public progress. */
export class PlayerProfiles {
  private readonly profileWithGear;
  private readonly earnedBadges;

  constructor(private readonly deps: PlayerProfilesDeps) {
    this.profileWithGear = prepareProfileWithGear(deps.db);
    this.earnedBadges = prepareEarnedBadges(deps.db);
  }

  /**
   * GET /api/game/profile: balances, derived level figures, streak as of today, statistics and
   * gear. The rows come from the process's cache while no write dropped them: the read is the
   * game's most frequent, and a database round trip was most of its cost (README, Performance notes).
   */
  async profile(userId: string): Promise<ProfileResponse> {
    const rows = await this.profileRows(userId);
    const row = rows[0];
    if (!row) throw notFound("User");
    const loadout = loadoutFrom(
      row.level,
      rows.flatMap((r) => joinedItem(r) ?? []),
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
      ...this.timeZoneOf(row),
    };
  }

  /**
   * PUT /api/game/profile/time-zone: sets the zone of the player's days, at most once per
   * TIME_ZONE_CHANGE_INTERVAL_MS (429 RATE_LIMITED with the wait). The streak's last day is
   * restated in the new zone in the same transaction, under the profile lock every grant takes, so
   * the change neither credits nor removes a day; setting the zone one already has changes nothing.
   */
  async setTimeZone(userId: string, name: string): Promise<TimeZoneResponse> {
    const zone = canonicalTimeZone(name);
    if (zone === undefined)
      throw badRequest("Validation failed", { fields: [{ path: "timeZone", message: "not an IANA time zone name" }] });
    const answer = await this.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ lastCodingDay: profiles.lastCodingDay })
        .from(profiles)
        .where(eq(profiles.userId, userId))
        .for("update")
        .limit(1);
      const [user] = await tx
        .select({ timeZone: users.timeZone, timeZoneChangedAt: users.timeZoneChangedAt })
        .from(users)
        .where(eq(users.id, userId))
        .limit(1);
      if (!row || !user) throw notFound("User");
      if (user.timeZone === zone) return this.timeZoneOf(user);
      const now = this.deps.clock.now();
      const allowedAt = nextTimeZoneChangeAt(user.timeZoneChangedAt?.getTime() ?? null);
      if (now < allowedAt) throw rateLimited((allowedAt - now) / 1000);
      const changedAt = new Date(now);
      await tx.update(users).set({ timeZone: zone, timeZoneChangedAt: changedAt }).where(eq(users.id, userId));
      await tx
        .update(profiles)
        .set({ lastCodingDay: restateLastDay(row.lastCodingDay, now, user.timeZone, zone) })
        .where(eq(profiles.userId, userId));
      return this.timeZoneOf({ timeZone: zone, timeZoneChangedAt: changedAt });
    });
    await this.deps.playerChanges.changed(userId);
    return answer;
  }

  private timeZoneOf(row: { timeZone: string; timeZoneChangedAt: Date | null }): TimeZoneResponse {
    const next = nextTimeZoneChangeAt(row.timeZoneChangedAt?.getTime() ?? null);
    return {
      timeZone: row.timeZone,
      timeZoneChangeableAt: next > this.deps.clock.now() ? new Date(next).toISOString() : null,
    };
  }

  /**
   * GET /api/game/leaderboard/users/:userId/progress: anyone's public progress and all-time rank.
   * The profile and badges come from the same per-player caches as the profile read; only the
   * rank, which moves with everyone else's grants, is read each time.
   */
  async progress(userId: string): Promise<UserProgress> {
    const { clock, leaderboard, badgeCache } = this.deps;
    // The three reads at once (one wait, not three); an unknown player is 404 whatever the others say.
    const [rows, rank, earned] = await Promise.all([
      this.profileRows(userId),
      leaderboard.rankOf(userId, "all", clock.now()),
      badgeCache.get(userId, () => this.earnedBadges.execute({ userId })),
    ]);
    const row = rows[0];
    if (!row) throw notFound("User");
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

  private profileRows(userId: string): Promise<ProfileRows> {
    return this.deps.cache.get(userId, () => this.profileWithGear.execute({ userId }));
  }

  private streakToday(row: { codingStreak: number; lastCodingDay: string | null; timeZone: string }): number {
    const today = calendarDay(this.deps.clock.now(), row.timeZone);
    return currentStreak({ streak: row.codingStreak, lastDay: row.lastCodingDay }, today);
  }
}
