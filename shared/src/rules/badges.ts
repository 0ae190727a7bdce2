import { z } from "zod";
import type { PlayerStatistics } from "./statistics.ts";

const count = z.number().int().positive();
const language = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9_+#-]+$/, "language must be a lowercase language id such as python or cpp");

/**
 * A badge's JSON condition: the seed's `xp`, `attempt_count` and `consecutive_days`, plus
 * `level`, `dungeon_clears`, `clash_wins` and `lines_written` (optionally in one language). Unknown
 * fields are refused.
 */
export const badgeConditionSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("xp"), threshold: count }),
  z.strictObject({
    type: z.literal("attempt_count"),
    count,
    status: z.enum(["passed", "failed"]).optional().describe("which attempts count; all graded ones when absent"),
  }),
  z.strictObject({ type: z.literal("consecutive_days"), days: count }),
  z.strictObject({ type: z.literal("level"), level: count }),
  z.strictObject({ type: z.literal("dungeon_clears"), count }),
  z.strictObject({ type: z.literal("clash_wins"), count }),
  z.strictObject({ type: z.literal("lines_written"), count, language: language.optional() }),
]);
export type BadgeCondition = z.infer<typeof badgeConditionSchema>;

/** What a badge condition is checked against: the player's figures after a grant. */
export interface BadgeFacts {
  experience: number;
  level: number;
  statistics: PlayerStatistics;
}

/** How far a player is towards a badge: `current` of `target` (current is capped at target). */
export interface BadgeProgress {
  current: number;
  target: number;
}

/** The figure a badge's condition counts and the value it needs. */
export function badgeProgress(condition: BadgeCondition, facts: BadgeFacts): BadgeProgress {
  const s = facts.statistics;
  const of = (current: number, target: number) => ({ current: Math.min(current, target), target });
  switch (condition.type) {
    case "xp":
      return of(facts.experience, condition.threshold);
    case "attempt_count": {
      const n =
        condition.status === "passed"
          ? s.challengesPassed
          : condition.status === "failed"
            ? s.challengesFailed
            : s.challengesPassed + s.challengesFailed;
      return of(n, condition.count);
    }
    case "consecutive_days":
      return of(s.longestStreak, condition.days);
    case "level":
      return of(facts.level, condition.level);
    case "dungeon_clears":
      return of(s.dungeonClears, condition.count);
    case "clash_wins":
      return of(s.clashWins, condition.count);
    case "lines_written":
      return of(condition.language ? (s.linesByLanguage[condition.language] ?? 0) : s.linesWritten, condition.count);
  }
}

/** Whether a player with `facts` has earned a badge with `condition`. */
export function badgeEarned(condition: BadgeCondition, facts: BadgeFacts): boolean {
  const { current, target } = badgeProgress(condition, facts);
  return current >= target;
}

/**
 * The badges a player is closest to (the dashboard's "almost there"): not earned yet, with some
 * progress, the highest fraction first (ties: the smaller remaining gap, then the id); at most `limit`.
 */
export function badgesNearCompletion<B extends { id: string; condition: BadgeCondition }>(
  badges: readonly B[],
  earned: ReadonlySet<string>,
  facts: BadgeFacts,
  limit: number,
): (B & BadgeProgress)[] {
  return badges
    .filter((b) => !earned.has(b.id))
    .map((b) => ({ ...b, ...badgeProgress(b.condition, facts) }))
    .filter((b) => b.current > 0 && b.current < b.target)
    .sort(
      (a, b) =>
        b.current / b.target - a.current / a.target ||
        a.target - a.current - (b.target - b.current) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}
