import assert from "node:assert/strict";
import fc from "fast-check";
import {
  attemptPayout,
  isPassing,
  normalizeAnswer,
  rewardCaps,
  scoreChoices,
  scoreFlag,
  scoreTests,
  withinRewardCaps,
} from "./challengeScoring.ts";

describe("challenge scoring", () => {
  it("when answers differ only in case, outer or repeated whitespace, then they normalise alike", () => {
    assert.equal(normalizeAnswer("  FLAG{Base64}\n"), "flag{base64}");
    assert.equal(normalizeAnswer("off  by\tone"), "off by one");
    assert.notEqual(normalizeAnswer("flag{a}"), normalizeAnswer("flag{b}"));
  });

  it("when a flag matches, then it scores 100, else 0", () => {
    assert.equal(scoreFlag(true), 100);
    assert.equal(scoreFlag(false), 0);
  });

  const choiceTable: [string[], string[], number][] = [
    [["a", "b"], ["a", "b"], 100],
    [["a", "b"], ["a"], 50],
    [["a", "b"], ["b", "a", "a"], 100],
    [["a", "b"], ["a", "c"], 0],
    [["a", "b", "c"], ["a", "b", "d"], 33],
    [["a", "b", "c"], ["a", "b"], 66],
    [["a", "b"], ["c", "d"], 0],
    [["a", "b"], [], 0],
    [["a"], ["a", "zzz-unknown"], 0],
    [["a", "b", "c", "d"], ["a", "b", "c", "e"], 50],
    [[], ["a"], 0],
  ];
  for (const [correct, picked, expected] of choiceTable) {
    it(`when the answer is [${correct}] and the picks are [${picked}], then the score is ${expected}`, () => {
      assert.equal(scoreChoices(correct, picked), expected);
    });
  }

  it("when any picks are scored, then the score stays within 0–100", () => {
    const ids = fc.constantFrom("a", "b", "c", "d", "e", "f");
    fc.assert(
      fc.property(fc.array(ids, { minLength: 1 }), fc.array(ids), (correct, picked) => {
        const s = scoreChoices(correct, picked);
        return Number.isInteger(s) && s >= 0 && s <= 100;
      }),
    );
  });

  it("when tests pass in part, then the score is the share passed, rounded down", () => {
    assert.equal(scoreTests(4, 4), 100);
    assert.equal(scoreTests(2, 4), 50);
    assert.equal(scoreTests(1, 3), 33);
    assert.equal(scoreTests(0, 5), 0);
    assert.equal(scoreTests(0, 0), 0);
  });

  it("when a flag scores below 100, then it fails; code and design pass from 60", () => {
    assert.equal(isPassing("CTF", 100), true);
    assert.equal(isPassing("BUG_BOUNTY", 99), false);
    assert.equal(isPassing("CODE", 60), true);
    assert.equal(isPassing("CODE", 59), false);
    assert.equal(isPassing("SYSTEM_DESIGN", 66), true);
    assert.equal(isPassing("SYSTEM_DESIGN", 50), false);
  });

  it("when rewards are checked against caps, then 100 XP and 50 coins per difficulty point are allowed", () => {
    assert.deepEqual(rewardCaps(3), { xp: 300, coins: 150 });
    assert.equal(withinRewardCaps({ difficulty: 2, xpReward: 200, coinReward: 100 }), true);
    assert.equal(withinRewardCaps({ difficulty: 2, xpReward: 201, coinReward: 100 }), false);
    assert.equal(withinRewardCaps({ difficulty: 2, xpReward: 200, coinReward: 101 }), false);
  });

  it("when an attempt passes, then it pays floor(reward × score / 100); failing or own challenge pays nothing", () => {
    const base = { xpReward: 150, coinReward: 75 };
    assert.deepEqual(attemptPayout({ ...base, passed: true, ownChallenge: false, score: 100 }), { xp: 150, coins: 75 });
    assert.deepEqual(attemptPayout({ ...base, passed: true, ownChallenge: false, score: 66 }), { xp: 99, coins: 49 });
    assert.deepEqual(attemptPayout({ ...base, passed: false, ownChallenge: false, score: 50 }), { xp: 0, coins: 0 });
    assert.deepEqual(attemptPayout({ ...base, passed: true, ownChallenge: true, score: 100 }), { xp: 0, coins: 0 });
  });
});
