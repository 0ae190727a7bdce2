import assert from "node:assert/strict";
import fc from "fast-check";
import { levelForXp, xpForLevel, xpToNextLevel } from "./xp.ts";

describe("levels from XP (seed table)", () => {
  const table: [number, number][] = [
    [0, 1],
    [99, 1],
    [100, 2],
    [399, 2],
    [400, 3],
    [900, 4],
    [1600, 5],
    [1_000_000, 101],
  ];
  for (const [xp, level] of table) {
    it(`when a player has ${xp} XP, then the level is ${level}`, () => {
      assert.equal(levelForXp(xp), level);
    });
  }

  it("when a level is reached, then it needs (L-1)^2 x 100 XP", () => {
    assert.deepEqual([1, 2, 3, 4, 5].map(xpForLevel), [0, 100, 400, 900, 1600]);
  });

  it("when XP is 150, then 250 more reach level 3", () => {
    assert.equal(xpToNextLevel(150), 250);
  });

  it("when XP grows, then the level never goes down", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.nat(10_000_000), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return levelForXp(lo) <= levelForXp(hi);
      }),
    );
  });

  it("when any XP total is given, then it lies between its level's threshold and the next", () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), (xp) => {
        const level = levelForXp(xp);
        return xpForLevel(level) <= xp && xp < xpForLevel(level + 1);
      }),
    );
  });
});
