import type { ClashMode } from "../protocol/clash.ts";

/**
 * The numbers and pure rules of code clashes (docs/game-rules.md, "Clashes"): sizes and clocks,
 * the matching window, the ranking of each mode, and what a place pays. The room applies them;
 * ratings (Glicko-2) are computed by the server's clash ratings service from these places.
 */

export const CLASH_MIN_PLAYERS = 2;
export const CLASH_MAX_PLAYERS = 8;
export const CLASH_MAX_SPECTATORS = 50;
export const CLASH_COUNTDOWN_MS = 5_000;
/** How long a player whose connection dropped keeps their seat; past it they forfeit. */
export const CLASH_RECONNECT_MS = 30_000;
/** Test runs and submissions together, per player per minute. */
export const CLASH_RUNS_PER_MINUTE = 6;
/** Clashes that pay a player XP and coins per day (their own day); later ones are still rated. */
export const CLASH_PAID_PER_DAY = 10;
/** Clashes a player must have played before their rating stops being provisional. */
export const CLASH_PROVISIONAL_GAMES = 5;

export type ClashDifficultyName = "easy" | "medium" | "hard";

/** Time limit by difficulty: Clash of Code's 15 minutes is the most any clash lasts. */
export const CLASH_TIME_LIMIT_MS: Record<ClashDifficultyName, number> = {
  easy: 5 * 60_000,
  medium: 10 * 60_000,
  hard: 15 * 60_000,
};

/** Base XP and coins of a clash by difficulty, paid in full to the winner (see clashReward). */
export const CLASH_BASE_REWARD: Record<ClashDifficultyName, { xp: number; coins: number }> = {
  easy: { xp: 40, coins: 10 },
  medium: { xp: 60, coins: 15 },
  hard: { xp: 80, coins: 20 },
};

export const CLASH_MODES: readonly ClashMode[] = ["fastest", "shortest", "reverse"];

/**
 * The rating distance within which a waiting public lobby takes a new player: 150 at first,
 * widening by 50 every 5 s of waiting, up to 1,000 (anyone, in practice) after about 85 s.
 */
export function clashRatingWindow(waitedMs: number): number {
  return Math.min(1_000, 150 + 50 * Math.floor(Math.max(0, waitedMs) / 5_000));
}

/** A player's result as the ranking sees it. */
export interface ClashEntry {
  userId: string;
  /** Validators passed by the best submission. */
  passed: number;
  /** Passed every validator. */
  solved: boolean;
  /** Milliseconds from the start to the best submission; null without one. */
  timeMs: number | null;
  /** Characters of the best submission; null without one. */
  codeLength: number | null;
  /** Left past the reconnection window: last, whatever they had passed. */
  forfeited: boolean;
}

/**
 * The sort key of an entry, smaller is better, compared element by element. Fastest and Reverse:
 * solvers by time; Shortest: solvers by length, then time. Everyone else (the time limit came
 * first) by validators passed, then the time of that submission; no submission after them, and
 * forfeits last.
 */
function rankKey(mode: ClashMode, e: ClashEntry): number[] {
  if (e.forfeited) return [3];
  if (e.timeMs === null) return [2];
  if (!e.solved) return [1, -e.passed, e.timeMs];
  return mode === "shortest" ? [0, e.codeLength ?? Number.MAX_SAFE_INTEGER, e.timeMs] : [0, e.timeMs];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Places of a finished clash, best first, 1-based. Equal results share a place and the next one
 * skips ("1, 1, 3"): two solvers with the same time in Fastest, or the same length and time in
 * Shortest, are tied; so are all players without a submission, and all forfeits.
 */
export function rankClash(mode: ClashMode, entries: readonly ClashEntry[]): { userId: string; place: number }[] {
  const keyed = entries.map((e) => ({ userId: e.userId, key: rankKey(mode, e) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key) || a.userId.localeCompare(b.userId));
  let place = 1;
  return keyed.map((e, i) => {
    const previous = keyed[i - 1];
    if (previous && compareKeys(previous.key, e.key) !== 0) place = i + 1;
    return { userId: e.userId, place };
  });
}

/**
 * What one place pays: the full base to the winner(s), down to a quarter for the last place, and
 * nothing to a player who passed no validator or forfeited (playing along is not farming).
 * `players` is how many were ranked.
 */
export function clashReward(
  difficulty: ClashDifficultyName,
  place: number,
  players: number,
  entry: Pick<ClashEntry, "passed" | "forfeited">,
): { xp: number; coins: number } {
  if (entry.forfeited || entry.passed === 0 || players < CLASH_MIN_PLAYERS) return { xp: 0, coins: 0 };
  const base = CLASH_BASE_REWARD[difficulty];
  const share = 1 - (0.75 * (place - 1)) / (players - 1);
  return { xp: Math.round(base.xp * share), coins: Math.round(base.coins * share) };
}

/** Provisional until `CLASH_PROVISIONAL_GAMES` rated clashes are played. */
export function isProvisionalClashRating(games: number): boolean {
  return games < CLASH_PROVISIONAL_GAMES;
}
