import assert from "node:assert/strict";
import {
  ESTABLISHED_ACCOUNT_AGE_MS,
  PLAYER_CONTENT_DAILY_CAP,
  PROVEN_AFTER_SOLVERS,
  type PlayerContentFacts,
  playerContentPayout,
  UNPROVEN_PAYOUT,
} from "./playerContentRewards.ts";

const rich = { xp: 500, coins: 250 };
const established: PlayerContentFacts = {
  serverMade: false,
  linkedToCreator: false,
  solverAccountAgeMs: 2 * ESTABLISHED_ACCOUNT_AGE_MS,
  provenSolvers: PROVEN_AFTER_SOLVERS,
  earnedInWindow: { xp: 0, coins: 0 },
};

describe("player-made content rewards", () => {
  it("when the content is server-made, then it pays as it is and counts for quests", () => {
    assert.deepEqual(playerContentPayout(rich, { ...established, serverMade: true, solverAccountAgeMs: 0 }), {
      ...rich,
      countsForProgress: true,
    });
  });

  it("when solver and creator are linked, or the solver's account is new, then nothing is paid", () => {
    assert.equal(playerContentPayout(rich, { ...established, linkedToCreator: true }).reason, "linked_accounts");
    const fresh = playerContentPayout(rich, { ...established, solverAccountAgeMs: ESTABLISHED_ACCOUNT_AGE_MS - 1 });
    assert.deepEqual([fresh.xp, fresh.coins, fresh.reason], [0, 0, "new_account"]);
  });

  it("when the challenge is not yet proven, then it pays at most the unproven amount and no quest progress", () => {
    const paid = playerContentPayout(rich, { ...established, provenSolvers: PROVEN_AFTER_SOLVERS - 1 });
    assert.deepEqual(paid, { ...UNPROVEN_PAYOUT, countsForProgress: false });
    assert.deepEqual(playerContentPayout({ xp: 3, coins: 1 }, { ...established, provenSolvers: 0 }).xp, 3);
  });

  it("when the solver has earned near the daily cap, then the payout is cut to the cap and then to nothing", () => {
    const near = { xp: PLAYER_CONTENT_DAILY_CAP.xp - 40, coins: PLAYER_CONTENT_DAILY_CAP.coins - 10 };
    assert.deepEqual(playerContentPayout(rich, { ...established, earnedInWindow: near }), {
      xp: 40,
      coins: 10,
      countsForProgress: true,
    });
    const full = playerContentPayout(rich, { ...established, earnedInWindow: { ...PLAYER_CONTENT_DAILY_CAP } });
    assert.deepEqual([full.xp, full.coins, full.reason], [0, 0, "daily_cap"]);
  });

  it("when one established account solves any number of unproven alt challenges in a day, then it earns at most the cap", () => {
    let earned = { xp: 0, coins: 0 };
    for (let i = 0; i < 1000; i++) {
      const paid = playerContentPayout(rich, { ...established, provenSolvers: 1, earnedInWindow: earned });
      earned = { xp: earned.xp + paid.xp, coins: earned.coins + paid.coins };
    }
    assert.deepEqual(earned, PLAYER_CONTENT_DAILY_CAP);
  });
});
