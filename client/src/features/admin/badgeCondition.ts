import type { BadgeCondition } from "@levelup/shared/rules/badges";

/** The condition kinds the admin page offers (every kind of shared/src/rules/badges.ts). */
export const CONDITIONS = [
  "xp",
  "level",
  "consecutive_days",
  "dungeon_clears",
  "attempt_count",
  "lines_written",
  "clash_wins",
] as const;
export type ConditionType = (typeof CONDITIONS)[number];

/**
 * The condition JSON the server validates from the form's fields: one number (what is needed)
 * and, for lines, an optional language; challenge counts are passed challenges.
 */
export function conditionOf(type: ConditionType, value: number, language: string): BadgeCondition {
  switch (type) {
    case "xp":
      return { type, threshold: value };
    case "level":
      return { type, level: value };
    case "consecutive_days":
      return { type, days: value };
    case "dungeon_clears":
      return { type, count: value };
    case "attempt_count":
      return { type, count: value, status: "passed" };
    case "lines_written":
      return language ? { type, count: value, language } : { type, count: value };
    case "clash_wins":
      return { type, count: value };
  }
}
