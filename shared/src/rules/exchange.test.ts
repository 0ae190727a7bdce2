import assert from "node:assert/strict";
import { COINS_PER_GEM, coinsForGems, gemsAffordable } from "./exchange.ts";

describe("exchange (seed: 100 coins = 1 gem)", () => {
  const table: [number, number][] = [
    [1, 100],
    [3, 300],
    [25, 2500],
  ];
  for (const [gems, coins] of table) {
    it(`when ${gems} gems are bought, then ${coins} coins are spent`, () => {
      assert.equal(coinsForGems(gems), coins);
    });
  }

  it("when a balance is not a multiple of 100, then the remainder buys nothing", () => {
    assert.equal(COINS_PER_GEM, 100);
    assert.deepEqual([0, 99, 100, 250, -5].map(gemsAffordable), [0, 0, 1, 2, 0]);
  });
});
