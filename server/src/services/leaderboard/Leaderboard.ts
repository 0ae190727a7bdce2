import type { LeaderboardPage, LeaderboardPeriod } from "@levelup/shared";

/** A player's score on one board: XP and the instant (whole seconds) it was reached. */
export interface BoardScore {
  userId: string;
  experience: number;
  experienceAt: Date;
}

/** What one committed grant changed on the boards (the week is the Monday it starts on). */
export interface ScoreChange {
  all: BoardScore;
  weekly?: BoardScore & { weekStart: string };
}

/**
 * All-time and weekly rankings by XP, ties broken by who reached the score first
 * (`experience_at`, then user id). Only players with XP on that board are ranked.
 * Two implementations answer identically: indexed SQL, and Redis sorted sets.
 */
export interface Leaderboard {
  readonly kind: "sql" | "redis";
  /**
   * `limit` players of a board from rank `offset + 1`, and how many it ranks; `nowMs` picks the
   * current week. The top may be a page shared with other readers: never changed by its caller.
   */
  top(period: LeaderboardPeriod, limit: number, nowMs: number, offset?: number): Promise<LeaderboardPage>;
  /** 1-based rank of a player, or null when the player has no XP on that board. */
  rankOf(userId: string, period: LeaderboardPeriod, nowMs: number): Promise<number | null>;
  /** Tells the board about a committed grant (called after commit; SQL has nothing to do). */
  record(change: ScoreChange): Promise<void>;
  /** Starts and stops what the board listens to (Redis: its versions' announcements; SQL: nothing). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Scores are stored with whole-second times so that the SQL order and the Redis score
 * (which has room for seconds only) agree exactly.
 */
export function wholeSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}
