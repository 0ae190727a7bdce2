import assert from "node:assert/strict";
import fc from "fast-check";
import { type ClashEntry, clashRatingWindow, clashReward, isProvisionalClashRating, rankClash } from "./clash.ts";

function entry(userId: string, fields: Partial<ClashEntry>): ClashEntry {
  return { userId, passed: 0, solved: false, timeMs: null, codeLength: null, forfeited: false, ...fields };
}

const solver = (userId: string, timeMs: number, codeLength: number) =>
  entry(userId, { passed: 6, solved: true, timeMs, codeLength });

describe("clash ranking", () => {
  it("when the mode is fastest, then solvers rank by time whatever their length", () => {
    const places = rankClash("fastest", [solver("a", 90_000, 40), solver("b", 60_000, 400), solver("c", 75_000, 10)]);
    assert.deepEqual(places, [
      { userId: "b", place: 1 },
      { userId: "c", place: 2 },
      { userId: "a", place: 3 },
    ]);
  });

  it("when the mode is shortest, then solvers rank by length, then time", () => {
    const places = rankClash("shortest", [solver("a", 90_000, 40), solver("b", 60_000, 400), solver("c", 95_000, 40)]);
    assert.deepEqual(
      places.map((p) => p.userId),
      ["a", "c", "b"],
    );
  });

  it("when the mode is reverse, then it ranks as fastest", () => {
    const entries = [solver("a", 90_000, 40), solver("b", 60_000, 400)];
    assert.deepEqual(rankClash("reverse", entries), rankClash("fastest", entries));
  });

  it("when the time limit came first, then validators passed rank before time, solvers before both", () => {
    const places = rankClash("fastest", [
      entry("slow-more", { passed: 5, timeMs: 200_000 }),
      entry("fast-less", { passed: 3, timeMs: 10_000 }),
      solver("solved", 250_000, 90),
      entry("none", {}),
    ]);
    assert.deepEqual(
      places.map((p) => p.userId),
      ["solved", "slow-more", "fast-less", "none"],
    );
  });

  it("when a player forfeits, then they are last even with more validators passed", () => {
    const places = rankClash("shortest", [
      entry("quit", { passed: 6, timeMs: 1_000, forfeited: true }),
      entry("idle", {}),
    ]);
    assert.deepEqual(places, [
      { userId: "idle", place: 1 },
      { userId: "quit", place: 2 },
    ]);
  });

  it("when two results are equal, then they share a place and the next place is skipped", () => {
    const places = rankClash("fastest", [solver("b", 60_000, 50), solver("a", 60_000, 70), solver("c", 61_000, 10)]);
    assert.deepEqual(places, [
      { userId: "a", place: 1 },
      { userId: "b", place: 1 },
      { userId: "c", place: 3 },
    ]);
  });

  it("when results are shuffled, then the places are the same", () => {
    const arbitraryEntry = fc.record({
      passed: fc.integer({ min: 0, max: 6 }),
      solved: fc.boolean(),
      timeMs: fc.option(fc.integer({ min: 0, max: 900_000 })),
      codeLength: fc.option(fc.integer({ min: 1, max: 500 })),
      forfeited: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { minLength: 2, maxLength: 8 }), fc.boolean(), (fields, flip) => {
        const entries = fields.map((f, i) => entry(`p${i}`, f));
        const shuffled = flip ? [...entries].reverse() : entries;
        const byUser = (list: { userId: string; place: number }[]) => new Map(list.map((p) => [p.userId, p.place]));
        assert.deepEqual(byUser(rankClash("shortest", shuffled)), byUser(rankClash("shortest", entries)));
      }),
    );
  });
});

describe("clash matching window", () => {
  it("when a lobby has just opened, then it takes players within 150 rating points", () => {
    assert.equal(clashRatingWindow(0), 150);
    assert.equal(clashRatingWindow(4_999), 150);
  });

  it("when a lobby waits, then its window widens by 50 every 5 s up to 1,000", () => {
    assert.equal(clashRatingWindow(5_000), 200);
    assert.equal(clashRatingWindow(60_000), 750);
    assert.equal(clashRatingWindow(3_600_000), 1_000);
  });
});

describe("clash rewards", () => {
  const passedSome = { passed: 3, forfeited: false };

  it("when a player wins, then they get the difficulty's whole base", () => {
    assert.deepEqual(clashReward("hard", 1, 4, passedSome), { xp: 80, coins: 20 });
  });

  it("when a player is last, then they get a quarter", () => {
    assert.deepEqual(clashReward("easy", 4, 4, passedSome), { xp: 10, coins: 3 });
  });

  it("when a player passed nothing or forfeited, then they get nothing", () => {
    assert.deepEqual(clashReward("medium", 1, 2, { passed: 0, forfeited: false }), { xp: 0, coins: 0 });
    assert.deepEqual(clashReward("medium", 1, 2, { passed: 6, forfeited: true }), { xp: 0, coins: 0 });
  });

  it("when a rating has fewer than five games, then it is provisional", () => {
    assert.equal(isProvisionalClashRating(4), true);
    assert.equal(isProvisionalClashRating(5), false);
  });
});
