/**
 * How the server grades a challenge attempt and what it pays (docs/game-rules.md, Challenges).
 * Pure: the grader supplies what it observed (a flag match, the picks, the tests passed).
 */

export type ChallengeType = "CTF" | "BUG_BOUNTY" | "SYSTEM_DESIGN" | "CODE";

/** Score (0–100) at or above which a SYSTEM_DESIGN or CODE attempt passes; flags must match exactly (100). */
export const PASS_THRESHOLD = 60;

/** Reward caps of user-created challenges, per difficulty point (admins and seeded content may exceed them). */
export const XP_CAP_PER_DIFFICULTY = 100;
export const COINS_CAP_PER_DIFFICULTY = 50;

/** Largest CODE solution accepted, in UTF-16 code units (~20 KB). */
export const MAX_CODE_LENGTH = 20_000;
/** Largest flag or bug-bounty answer accepted, in characters. */
export const MAX_FLAG_LENGTH = 200;

/**
 * The form in which flag and bug-bounty answers are hashed and compared: Unicode NFC, trimmed,
 * inner whitespace runs collapsed to one space, lower-cased. So "  FLAG{x} " matches "flag{x}".
 */
export function normalizeAnswer(answer: string): string {
  return answer.normalize("NFC").trim().replace(/\s+/g, " ").toLowerCase();
}

/** A flag scores 100 when it matches, else 0. */
export function scoreFlag(matches: boolean): number {
  return matches ? 100 : 0;
}

/**
 * SYSTEM_DESIGN: with C the correct choices, each distinct pick in C scores +1 and each distinct
 * pick outside C (unknown ids included) scores −1; score = floor(100 × max(0, right − wrong) / |C|).
 * Picking everything therefore earns nothing unless wrong choices are few.
 */
export function scoreChoices(correct: readonly string[], picked: readonly string[]): number {
  const answer = new Set(correct);
  if (answer.size === 0) return 0;
  let right = 0;
  let wrong = 0;
  for (const pick of new Set(picked)) {
    if (answer.has(pick)) right += 1;
    else wrong += 1;
  }
  return Math.floor((100 * Math.max(0, right - wrong)) / answer.size);
}

/** CODE: the share of tests passed, floor(100 × passed / total); no tests scores 0. */
export function scoreTests(passed: number, total: number): number {
  if (total <= 0) return 0;
  return Math.floor((100 * Math.min(Math.max(0, passed), total)) / total);
}

/** Whether a score passes: flags (CTF, BUG_BOUNTY) need 100, the others PASS_THRESHOLD. */
export function isPassing(type: ChallengeType, score: number): boolean {
  if (type === "CTF" || type === "BUG_BOUNTY") return score >= 100;
  return score >= PASS_THRESHOLD;
}

/** XP and coin caps of a user-created challenge of this difficulty (1–5). */
export function rewardCaps(difficulty: number): { xp: number; coins: number } {
  return { xp: XP_CAP_PER_DIFFICULTY * difficulty, coins: COINS_CAP_PER_DIFFICULTY * difficulty };
}

/** Whether rewards fit the caps of their difficulty (admins may skip this check). */
export function withinRewardCaps(r: { difficulty: number; xpReward: number; coinReward: number }): boolean {
  const caps = rewardCaps(r.difficulty);
  return r.xpReward <= caps.xp && r.coinReward <= caps.coins;
}

/**
 * What a graded attempt pays before the once-per-user rule (which the progression ledger enforces):
 * nothing when it failed or when the player created the challenge; otherwise
 * xp = floor(xpReward × score / 100) (seed) and coins = floor(coinReward × score / 100).
 */
export function attemptPayout(input: {
  passed: boolean;
  ownChallenge: boolean;
  score: number;
  xpReward: number;
  coinReward: number;
}): { xp: number; coins: number } {
  if (!input.passed || input.ownChallenge) return { xp: 0, coins: 0 };
  const score = Math.min(100, Math.max(0, input.score));
  return {
    xp: Math.floor((input.xpReward * score) / 100),
    coins: Math.floor((input.coinReward * score) / 100),
  };
}
