/**
 * Guessing has a price: per player and challenge, wrong answers beyond a few free ones must wait,
 * and each further one waits twice as long, so trying every line number or every choice costs
 * hours rather than seconds. Pure: the server supplies the player's recent wrong answers.
 */

import type { ChallengeType } from "./challengeScoring.ts";

/**
 * Wrong answers allowed back to back before the first wait, by type: flags and bug bounties have
 * one right answer and few excuses; a design pick list is small, so its guesses are cheaper still;
 * code is honest iteration, so it gets more.
 */
export const FREE_WRONG_ANSWERS: Record<ChallengeType, number> = {
  CTF: 3,
  BUG_BOUNTY: 3,
  SYSTEM_DESIGN: 2,
  CODE: 5,
};

/** The first wait, seconds; it doubles with each further wrong answer up to the cap. */
export const GUESS_COOLDOWN_BASE_SECONDS = 30;
export const GUESS_COOLDOWN_MAX_SECONDS = 3600;
/** Wrong answers older than this no longer count: a player coming back the next day starts fresh. */
export const GUESS_WINDOW_MS = 24 * 3600 * 1000;

/** Seconds to wait after the latest of `wrongAnswers` wrong answers before answering again (0: no wait). */
export function guessCooldownSeconds(type: ChallengeType, wrongAnswers: number): number {
  const beyond = wrongAnswers - FREE_WRONG_ANSWERS[type];
  if (beyond < 0) return 0;
  return Math.min(GUESS_COOLDOWN_MAX_SECONDS, GUESS_COOLDOWN_BASE_SECONDS * 2 ** Math.min(beyond, 20));
}

/**
 * Milliseconds before the player may answer this challenge again, given their wrong answers within
 * GUESS_WINDOW_MS (the caller counts them) and when the latest was given; 0 means now.
 */
export function guessRetryAfterMs(input: {
  type: ChallengeType;
  wrongAnswers: number;
  lastWrongAt: number | null;
  now: number;
}): number {
  if (input.lastWrongAt === null) return 0;
  const waitMs = guessCooldownSeconds(input.type, input.wrongAnswers) * 1000;
  return Math.max(0, input.lastWrongAt + waitMs - input.now);
}
