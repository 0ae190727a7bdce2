/**
 * Facts that move statistics, quests and badges. Every feature reports what happened with
 * these when it grants rewards; the progression service turns them into progress.
 */
export type ProgressEvent =
  | { kind: "lines_written"; amount: number; language: string }
  | { kind: "coding_minutes"; amount: number }
  /** A coding session earned XP on this instant: updates the daily streak. */
  | { kind: "coding_day" }
  | { kind: "challenge_attempt"; status: "passed" | "failed" }
  | { kind: "dungeon_clear"; dungeonId: string }
  /** First place of a rated code clash (server/src/services/clashes/Clashes.ts). */
  | { kind: "clash_win" }
  | { kind: "items_bought"; amount: number };
