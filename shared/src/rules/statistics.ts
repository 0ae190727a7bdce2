import type { ProgressEvent } from "../protocol/progress.ts";

/** Lifetime figures of a player, kept in the profile and read by badges and the profile page. */
export interface PlayerStatistics {
  linesWritten: number;
  /** Lines written per language, e.g. {"rust": 120}. */
  linesByLanguage: Record<string, number>;
  codingMinutes: number;
  challengesPassed: number;
  challengesFailed: number;
  dungeonClears: number;
  /** Rated code clashes won (first place). */
  clashWins: number;
  itemsBought: number;
  /** Days of coding (a session that earned XP) ever counted, and the longest streak reached. */
  codingDays: number;
  longestStreak: number;
}

/** Reads the profile's statistics JSON, filling figures it does not have yet with 0. */
export function normalizeStatistics(raw: unknown): PlayerStatistics {
  const r = (raw && typeof raw === "object" ? raw : {}) as Partial<PlayerStatistics>;
  const n = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  const byLanguage: Record<string, number> = {};
  for (const [lang, v] of Object.entries(r.linesByLanguage ?? {})) byLanguage[lang] = n(v);
  return {
    linesWritten: n(r.linesWritten),
    linesByLanguage: byLanguage,
    codingMinutes: n(r.codingMinutes),
    challengesPassed: n(r.challengesPassed),
    challengesFailed: n(r.challengesFailed),
    dungeonClears: n(r.dungeonClears),
    clashWins: n(r.clashWins),
    itemsBought: n(r.itemsBought),
    codingDays: n(r.codingDays),
    longestStreak: n(r.longestStreak),
  };
}

/**
 * Statistics after `events`. Streak figures are not events' business: the caller passes
 * whether this grant counted a new coding day and the streak after it.
 */
export function applyStatistics(
  before: PlayerStatistics,
  events: readonly ProgressEvent[],
  streak?: { newDay: boolean; streak: number },
): PlayerStatistics {
  const s: PlayerStatistics = { ...before, linesByLanguage: { ...before.linesByLanguage } };
  for (const e of events) {
    switch (e.kind) {
      case "lines_written": {
        const amount = Math.max(0, Math.floor(e.amount));
        s.linesWritten += amount;
        s.linesByLanguage[e.language] = (s.linesByLanguage[e.language] ?? 0) + amount;
        break;
      }
      case "coding_minutes":
        s.codingMinutes += Math.max(0, e.amount);
        break;
      case "challenge_attempt":
        if (e.status === "passed") s.challengesPassed += 1;
        else s.challengesFailed += 1;
        break;
      case "dungeon_clear":
        s.dungeonClears += 1;
        break;
      case "clash_win":
        s.clashWins += 1;
        break;
      case "items_bought":
        s.itemsBought += Math.max(0, Math.floor(e.amount));
        break;
      case "coding_day":
        break;
    }
  }
  if (streak) {
    if (streak.newDay) s.codingDays += 1;
    s.longestStreak = Math.max(s.longestStreak, streak.streak);
  }
  return s;
}
