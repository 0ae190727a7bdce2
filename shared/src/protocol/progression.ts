import { z } from "zod";
import { badgeConditionSchema } from "../rules/badges.ts";
import { questRequirementSchema, questRewardsSchema } from "../rules/quests.ts";
import { canonicalTimeZone, TIME_ZONE_MAX_LENGTH } from "../rules/timeZone.ts";
import { isoDate, limitSchema } from "./common.ts";
import { equippedItemSchema, playerStatsSchema } from "./economy.ts";

/** Lifetime figures shown on the profile (see rules/statistics.ts). */
export const statisticsSchema = z.object({
  linesWritten: z.number(),
  linesByLanguage: z.record(z.string(), z.number()),
  codingMinutes: z.number(),
  challengesPassed: z.number(),
  challengesFailed: z.number(),
  dungeonClears: z.number(),
  clashWins: z.number(),
  itemsBought: z.number(),
  codingDays: z.number(),
  longestStreak: z.number(),
});

/** GET /api/game/profile. `equipped` and `stats` come from the economy's loadout. */
export const profileResponse = z.object({
  userId: z.string(),
  username: z.string(),
  level: z.number().int(),
  experience: z.number().int(),
  xpToNextLevel: z.number().int(),
  coins: z.number().int(),
  gems: z.number().int(),
  codingStreak: z.number().int(),
  avatar: z.record(z.string(), z.unknown()),
  statistics: statisticsSchema,
  equipped: z.array(equippedItemSchema),
  stats: playerStatsSchema.describe("battle stats from level and equipped gear"),
  timeZone: z.string().describe("IANA zone of the player's days: streak, daily and weekly quests"),
  timeZoneChangeableAt: isoDate
    .nullable()
    .describe("when the time zone may be changed next; null: now (changes are limited to one a week)"),
});
export type ProfileResponse = z.infer<typeof profileResponse>;

/**
 * PUT /api/game/profile/time-zone. An IANA name only ("Europe/Berlin", "UTC"): offsets, unknown
 * names and anything longer than TIME_ZONE_MAX_LENGTH are a 400. Stored in its canonical spelling (canonicalTimeZone).
 */
export const timeZoneBody = z.strictObject({
  timeZone: z
    .string()
    .max(TIME_ZONE_MAX_LENGTH)
    .refine((name) => canonicalTimeZone(name) !== undefined, "not an IANA time zone name")
    .describe('an IANA time zone name, e.g. "Europe/Berlin" or "UTC"'),
});
export type TimeZoneBody = z.infer<typeof timeZoneBody>;
export const timeZoneResponse = profileResponse.pick({ timeZone: true, timeZoneChangeableAt: true });
export type TimeZoneResponse = z.infer<typeof timeZoneResponse>;

export const badgeIdSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9_-]+$/, "id may contain only lowercase letters, digits, _ and -");

export const badgeSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  icon: z.string(),
  condition: badgeConditionSchema,
});
export type Badge = z.infer<typeof badgeSchema>;

/** What an `achievement_unlocked` push and a grant's `badgesUnlocked` carry. */
export const badgeSummarySchema = badgeSchema.pick({ id: true, name: true, description: true, icon: true });
export type BadgeSummary = z.infer<typeof badgeSummarySchema>;

export const earnedBadgeSchema = badgeSchema.extend({ earnedAt: isoDate });
export type EarnedBadge = z.infer<typeof earnedBadgeSchema>;

export const badgeListResponse = z.object({ items: z.array(badgeSchema) });
export const earnedBadgeListResponse = z.object({ items: z.array(earnedBadgeSchema) });

/** POST /api/game/badges (admin). */
export const createBadgeBody = z.object({
  id: badgeIdSchema,
  name: z.string().min(1).max(80),
  description: z.string().max(500).default(""),
  icon: z.string().min(1).max(64).default("star"),
  condition: badgeConditionSchema,
});
export type CreateBadgeBody = z.infer<typeof createBadgeBody>;

export const userIdParam = z.object({ userId: z.uuid() });

export const questSchema = z.object({
  id: z.string(),
  templateId: z.string(),
  period: z.enum(["DAILY", "WEEKLY"]),
  title: z.string(),
  description: z.string(),
  requirements: z.array(z.intersection(questRequirementSchema, z.object({ progress: z.number() }))),
  rewards: questRewardsSchema,
  status: z.enum(["active", "completed", "claimed"]),
  expiresAt: isoDate,
  completedAt: isoDate.nullable(),
  claimedAt: isoDate.nullable(),
});
export type Quest = z.infer<typeof questSchema>;
export const questListResponse = z.object({ items: z.array(questSchema) });

export const completeQuestBody = z.object({ questId: z.uuid() });
export const completeQuestResponse = z.object({
  questId: z.string(),
  status: z.literal("claimed"),
  rewards: z.object({ xp: z.number().int(), coins: z.number().int(), gems: z.number().int() }),
  levelBefore: z.number().int(),
  levelAfter: z.number().int(),
  experience: z.number().int(),
  coins: z.number().int(),
  gems: z.number().int(),
});
export type CompleteQuestResponse = z.infer<typeof completeQuestResponse>;

export const leaderboardPeriod = z.enum(["all", "weekly"]);
export type LeaderboardPeriod = z.infer<typeof leaderboardPeriod>;
export const leaderboardQuery = z.object({
  period: leaderboardPeriod.default("all"),
  limit: limitSchema,
  /** Players to skip from the top, for paging through a long board. */
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const leaderboardEntrySchema = z.object({
  rank: z.number().int().describe("1 is the top"),
  userId: z.string(),
  username: z.string(),
  level: z.number().int(),
  experience: z.number().int().describe("total XP, or this week's XP for period=weekly"),
});
export type LeaderboardEntry = z.infer<typeof leaderboardEntrySchema>;
export const leaderboardResponse = z.object({
  items: z.array(leaderboardEntrySchema),
  total: z.number().int().describe("players ranked: those with XP (this week, for weekly)"),
});
export type LeaderboardPage = z.infer<typeof leaderboardResponse>;

/** GET /api/game/leaderboard/users/:userId/progress */
export const userProgressResponse = z.object({
  userId: z.string(),
  username: z.string(),
  level: z.number().int(),
  experience: z.number().int(),
  rank: z.number().int().nullable().describe("all-time rank; null until the player earns XP"),
  xpToNextLevel: z.number().int(),
  attempts: z.object({ passed: z.number().int(), failed: z.number().int() }),
  badges: z.array(earnedBadgeSchema.pick({ id: true, name: true, icon: true, earnedAt: true })),
  codingStreak: z.number().int(),
});
export type UserProgress = z.infer<typeof userProgressResponse>;

/** POST /api/game/shop/exchange: coins to gems at COINS_PER_GEM. */
export const exchangeBody = z.object({ gems: z.number().int().positive().max(1_000_000) });
export const exchangeResponse = z.object({
  coins: z.number().int(),
  gems: z.number().int(),
  coinsSpent: z.number().int(),
  gemsGained: z.number().int(),
});
export type ExchangeResponse = z.infer<typeof exchangeResponse>;

/** Hub pushes of the progression (docs/api.md, `hub` room). */
export interface LevelUpPush {
  levelBefore: number;
  level: number;
}
export interface AchievementUnlockedPush {
  badge: BadgeSummary;
}
export interface QuestProgressPush {
  questId: string;
  templateId: string;
  progress: Record<string, number>;
  completed: boolean;
}

/** What one progression grant did (`grants.result`, stored so a retried grant answers the first result). */
export interface GrantResult {
  /** False when this ref was already applied: the result is the first one, nothing paid again. */
  applied: boolean;
  xpGained: number;
  coinsGained: number;
  gemsGained: number;
  levelBefore: number;
  levelAfter: number;
  experience: number;
  coins: number;
  gems: number;
  /** Badges this grant earned (each awarded once per user, ever). */
  badgesUnlocked: BadgeSummary[];
  /** Open quests of the current periods that this grant's events moved. */
  questsAdvanced: QuestProgressPush[];
}
