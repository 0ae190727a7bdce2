/**
 * Player-made content cannot mint currency. Anybody may create a challenge and choose its rewards
 * (within rewardCaps), so a challenge made by a player pays only what the community has shown it
 * is worth, and nothing between accounts of one person:
 *
 * - Server-made content (seeded, or created by an admin) pays its rewards as they are.
 * - A creator earns nothing from solves of their challenges, by anyone; solving their own pays nothing.
 * - A solver linked to the creator (same registration network) earns nothing.
 * - A solver whose account is younger than ESTABLISHED_ACCOUNT_AGE_MS earns nothing from player-made
 *   challenges (fresh alt accounts cannot farm each other).
 * - A challenge is unproven until PROVEN_AFTER_SOLVERS distinct established, unlinked solvers have
 *   passed it; until then it pays at most UNPROVEN_PAYOUT. Unproven and unpaid solves advance no
 *   quest or badge either.
 * - Whatever a player earns from player-made challenges is capped per rolling day at PLAYER_CONTENT_DAILY_CAP.
 *
 * Bound: one person with any number of fresh alt accounts earns at most UNPROVEN_PAYOUT.xp per alt
 * challenge on their established account, and never more than PLAYER_CONTENT_DAILY_CAP.xp a day.
 * Pure: the server supplies the facts (ages, links, solver counts, what was earned today).
 */

/** Age from which an account counts as established, milliseconds. */
export const ESTABLISHED_ACCOUNT_AGE_MS = 24 * 3600 * 1000;
/** Distinct established, unlinked solvers after which a player-made challenge pays its full rewards. */
export const PROVEN_AFTER_SOLVERS = 3;
/** The most an unproven player-made challenge pays. */
export const UNPROVEN_PAYOUT = { xp: 10, coins: 5 } as const;
/** The most a player earns from player-made challenges in a rolling day. */
export const PLAYER_CONTENT_DAILY_CAP = { xp: 300, coins: 150 } as const;
/** The window of PLAYER_CONTENT_DAILY_CAP, milliseconds. */
export const PLAYER_CONTENT_WINDOW_MS = 24 * 3600 * 1000;

export type PlayerContentReason = "linked_accounts" | "new_account" | "daily_cap";

export interface PlayerContentFacts {
  /** Seeded content or made by an admin. */
  serverMade: boolean;
  /** The solver and the creator share a registration network. */
  linkedToCreator: boolean;
  solverAccountAgeMs: number;
  /** Distinct established solvers not linked to the creator who passed it before this one. */
  provenSolvers: number;
  /** What the solver earned from player-made challenges in the last PLAYER_CONTENT_WINDOW_MS. */
  earnedInWindow: { xp: number; coins: number };
}

export interface PlayerContentPayout {
  xp: number;
  coins: number;
  /** Whether the solve counts for quests and badges (server-made or proven content). */
  countsForProgress: boolean;
  /** Why nothing was paid, when a rule of this module is the reason. */
  reason?: PlayerContentReason;
}

/** Whether a player-made challenge has been proven by enough solvers. */
export function isProven(provenSolvers: number): boolean {
  return provenSolvers >= PROVEN_AFTER_SOLVERS;
}

/** What a passed attempt pays once `payout` (attemptPayout) meets the player-content rules above. */
export function playerContentPayout(
  payout: { xp: number; coins: number },
  facts: PlayerContentFacts,
): PlayerContentPayout {
  if (facts.serverMade) return { ...payout, countsForProgress: true };
  if (facts.linkedToCreator) return { xp: 0, coins: 0, countsForProgress: false, reason: "linked_accounts" };
  if (facts.solverAccountAgeMs < ESTABLISHED_ACCOUNT_AGE_MS) {
    return { xp: 0, coins: 0, countsForProgress: false, reason: "new_account" };
  }
  const proven = isProven(facts.provenSolvers);
  const base = proven
    ? payout
    : { xp: Math.min(payout.xp, UNPROVEN_PAYOUT.xp), coins: Math.min(payout.coins, UNPROVEN_PAYOUT.coins) };
  const xp = Math.max(0, Math.min(base.xp, PLAYER_CONTENT_DAILY_CAP.xp - facts.earnedInWindow.xp));
  const coins = Math.max(0, Math.min(base.coins, PLAYER_CONTENT_DAILY_CAP.coins - facts.earnedInWindow.coins));
  const capped = xp === 0 && coins === 0 && (base.xp > 0 || base.coins > 0);
  return { xp, coins, countsForProgress: proven, ...(capped ? { reason: "daily_cap" as const } : {}) };
}
