import { z } from "zod";
import { codingSessionSchema } from "./coding.ts";
import { badgeSchema, questSchema } from "./progression.ts";
import { replaySummary } from "./replay.ts";

/** A badge not earned yet, with how far the player is (rules/badges.ts, badgeProgress). */
export const badgeInProgressSchema = badgeSchema.pick({ id: true, name: true, description: true, icon: true }).extend({
  current: z.number().int(),
  target: z.number().int(),
});
export type BadgeInProgress = z.infer<typeof badgeInProgressSchema>;

/** GET /api/game/dashboard: everything the dashboard page shows, in one read. */
export const dashboardResponse = z.object({
  username: z.string(),
  level: z.number().int(),
  experience: z.number().int(),
  xpToNextLevel: z.number().int(),
  codingStreak: z.number().int().describe("consecutive days with XP from coding, as of today"),
  todayXp: z.number().int().describe("XP earned since midnight in the player's time zone"),
  quests: z.array(questSchema).describe("this day's and week's quests, claimed ones included"),
  recentSessions: z.array(codingSessionSchema).describe("the last 5 coding sessions, newest first"),
  recentBattles: z.array(replaySummary).describe("the last 5 finished battles the player fought, newest first"),
  badgesNearCompletion: z.array(badgeInProgressSchema).describe("at most 3 unearned badges, closest first"),
});
export type Dashboard = z.infer<typeof dashboardResponse>;
