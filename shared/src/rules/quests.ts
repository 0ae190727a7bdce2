import { z } from "zod";
import type { ProgressEvent } from "../protocol/progress.ts";
import type { CalendarDay } from "./streak.ts";
import { dayPeriod, weekKey, weekPeriod, type ZonedPeriod } from "./timeZone.ts";

export type QuestPeriod = "DAILY" | "WEEKLY";

const target = z.number().int().positive();

/** One requirement of a quest (docs/game-rules.md, Quests). */
export const questRequirementSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("lines_written"), target, language: z.string().min(1).max(32).optional() }),
  z.strictObject({ kind: z.literal("coding_minutes"), target }),
  z.strictObject({ kind: z.literal("challenges_passed"), target }),
  z.strictObject({ kind: z.literal("dungeon_clears"), target }),
  z.strictObject({ kind: z.literal("clash_wins"), target }),
  z.strictObject({ kind: z.literal("items_bought"), target }),
]);
export type QuestRequirement = z.infer<typeof questRequirementSchema>;
export const questRequirementsSchema = z.array(questRequirementSchema).min(1);

/** What claiming a quest pays. */
export const questRewardsSchema = z.strictObject({
  xp: z.number().int().nonnegative().optional(),
  coins: z.number().int().nonnegative().optional(),
  gems: z.number().int().nonnegative().optional(),
});
export type QuestRewards = z.infer<typeof questRewardsSchema>;

/** Progress per requirement, keyed by `requirementKey`. */
export type QuestProgress = Record<string, number>;

/** The key a requirement's progress is stored under, e.g. "lines_written" or "lines_written:python". */
export function requirementKey(r: QuestRequirement): string {
  return r.kind === "lines_written" && r.language ? `lines_written:${r.language}` : r.kind;
}

/** How much one event moves one requirement. */
function contribution(r: QuestRequirement, e: ProgressEvent): number {
  switch (r.kind) {
    case "lines_written":
      return e.kind === "lines_written" && (!r.language || r.language === e.language) ? Math.max(0, e.amount) : 0;
    case "coding_minutes":
      return e.kind === "coding_minutes" ? Math.max(0, e.amount) : 0;
    case "challenges_passed":
      return e.kind === "challenge_attempt" && e.status === "passed" ? 1 : 0;
    case "dungeon_clears":
      return e.kind === "dungeon_clear" ? 1 : 0;
    case "clash_wins":
      return e.kind === "clash_win" ? 1 : 0;
    case "items_bought":
      return e.kind === "items_bought" ? Math.max(0, e.amount) : 0;
  }
}

/**
 * Progress after `events`, each requirement capped at its target. `changed` is false when no
 * event touched an unfinished requirement (nothing to store or announce).
 */
export function advanceQuest(
  requirements: readonly QuestRequirement[],
  progress: QuestProgress,
  events: readonly ProgressEvent[],
): { progress: QuestProgress; changed: boolean; complete: boolean } {
  const next: QuestProgress = { ...progress };
  let changed = false;
  for (const r of requirements) {
    const key = requirementKey(r);
    const before = next[key] ?? 0;
    const gained = events.reduce((sum, e) => sum + contribution(r, e), 0);
    const after = Math.min(r.target, before + gained);
    next[key] = after;
    if (after !== before) changed = true;
  }
  return { progress: next, changed, complete: questComplete(requirements, next) };
}

/** Whether every requirement reached its target. */
export function questComplete(requirements: readonly QuestRequirement[], progress: QuestProgress): boolean {
  return requirements.every((r) => (progress[requirementKey(r)] ?? 0) >= r.target);
}

/**
 * The period an instant falls in, in the player's time zone: a daily quest's local day, a weekly
 * quest's local week starting Monday 00:00. `start` is the period's first day ("YYYY-MM-DD"),
 * `endsAt` its exclusive end (ms).
 */
export function questPeriod(period: QuestPeriod, instantMs: number, timeZone = "UTC"): ZonedPeriod {
  return period === "DAILY" ? dayPeriod(instantMs, timeZone) : weekPeriod(instantMs, timeZone);
}

/** The first day of the Monday-based UTC week an instant falls in: the weekly leaderboard is one board for all zones. */
export function weekStart(instantMs: number): CalendarDay {
  return weekKey(instantMs, "UTC");
}
