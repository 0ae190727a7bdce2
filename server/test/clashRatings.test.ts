import assert from "node:assert/strict";
import { CLASH_PROVISIONAL_GAMES, isProvisionalClashRating } from "@levelup/shared";
import { CLASH_GLICKO, NEWCOMER_RATING, placesAmong, rateRace } from "../src/services/clashes/glickoRace.ts";
import { linkedPlayers, planSettlement } from "../src/services/clashes/settlementPlan.ts";
import type { ClashPlayerResult } from "../src/services/clashes/types.ts";

const close = (actual: number, expected: number, within: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= within, `${what}: ${actual}, expected ${expected} ± ${within}`);

function result(userId: string, place: number, passed = 3): ClashPlayerResult {
  return { userId, place, passed, total: 5, timeMs: 60_000 * place, codeLength: 100, forfeited: false };
}

describe("clash ratings (Glicko-2 races)", () => {
  it("when Glickman's worked example is played as a race, then the player ends at 1464.06 / 151.52 / 0.05999", () => {
    // The player (1500, RD 200) beat a 1400/30, lost to a 1550/100 and to a 1700/300: in a race, the
    // two winners share first place (their draw moves only them) and the loser is third.
    const after = rateRace(
      [
        { id: "player", place: 2, before: { rating: 1500, deviation: 200, volatility: 0.06 } },
        { id: "low", place: 3, before: { rating: 1400, deviation: 30, volatility: 0.06 } },
        { id: "mid", place: 1, before: { rating: 1550, deviation: 100, volatility: 0.06 } },
        { id: "high", place: 1, before: { rating: 1700, deviation: 300, volatility: 0.06 } },
      ],
      0.5,
    );
    const player = after.get("player");
    assert.ok(player);
    close(player.rating, 1464.06, 0.01, "rating");
    close(player.deviation, 151.52, 0.01, "deviation");
    close(player.volatility, 0.05999, 0.00001, "volatility");
    assert.equal(CLASH_GLICKO.tau, 0.5);
  });

  it("when four newcomers finish 1, 2, 2, 4, then the tied pair stays level and the winner gains what the last loses", () => {
    const after = rateRace(
      [
        { id: "a", place: 1, before: NEWCOMER_RATING },
        { id: "b", place: 2, before: NEWCOMER_RATING },
        { id: "c", place: 2, before: NEWCOMER_RATING },
        { id: "d", place: 4, before: NEWCOMER_RATING },
      ].map((e) => ({ ...e, before: { ...e.before } })),
    );
    const [a, b, c, d] = ["a", "b", "c", "d"].map((id) => after.get(id));
    assert.ok(a && b && c && d);
    assert.ok(a.rating > 1600, `the winner of three gains much: ${a.rating}`);
    close(b.rating, 1500, 1e-6, "a win, a draw and a loss against equals change nothing");
    close(c.rating, b.rating, 1e-9, "tied players");
    close(a.rating - 1500, 1500 - d.rating, 1e-6, "symmetry");
    for (const r of [a, b, c, d]) assert.ok(r.deviation < NEWCOMER_RATING.deviation, "every game makes a rating surer");
  });

  it("when a stronger player loses to a weaker one, then the weaker gains more than against an equal", () => {
    const upset = rateRace([
      { id: "weak", place: 1, before: { ...NEWCOMER_RATING, rating: 1300, deviation: 80 } },
      { id: "strong", place: 2, before: { ...NEWCOMER_RATING, rating: 1700, deviation: 80 } },
    ]);
    const even = rateRace([
      { id: "weak", place: 1, before: { ...NEWCOMER_RATING, rating: 1300, deviation: 80 } },
      { id: "equal", place: 2, before: { ...NEWCOMER_RATING, rating: 1300, deviation: 80 } },
    ]);
    assert.ok((upset.get("weak")?.rating ?? 0) > (even.get("weak")?.rating ?? Infinity));
  });

  it("when a player has played fewer than the provisional games, then the rating is provisional", () => {
    assert.equal(CLASH_PROVISIONAL_GAMES, 5);
    for (let games = 0; games < CLASH_PROVISIONAL_GAMES; games++) assert.equal(isProvisionalClashRating(games), true);
    assert.equal(isProvisionalClashRating(CLASH_PROVISIONAL_GAMES), false);
    assert.equal(isProvisionalClashRating(40), false);
  });
});

describe("clash settlement plan", () => {
  const ratings = (ids: string[]) => new Map(ids.map((id) => [id, { ...NEWCOMER_RATING }]));

  it("when players are removed, then the places of the rest close up and ties stay ties", () => {
    const places = placesAmong([result("a", 1), result("c", 3), result("d", 3), result("f", 6)]).map((p) => p.place);
    assert.deepEqual(places, [1, 2, 2, 4]);
  });

  it("when accounts share a registration network, then each of them is linked and one without a network is not", () => {
    const linked = linkedPlayers(
      new Map([
        ["a", "net1"],
        ["b", "net1"],
        ["c", "net2"],
        ["d", null],
        ["e", null],
      ]),
    );
    assert.deepEqual([...linked].sort(), ["a", "b"]);
  });

  it("when two of three players are linked, then the clash is unrated and pays nothing", () => {
    const players = [result("a", 1), result("b", 2), result("c", 3)];
    const plan = planSettlement(
      { difficulty: "easy", players },
      ratings(["a", "b", "c"]),
      new Map([
        ["a", "n"],
        ["b", "n"],
        ["c", "m"],
      ]),
    );
    assert.equal(plan.rated, false);
    for (const line of plan.lines) {
      assert.deepEqual(line.reward, { xp: 0, coins: 0 });
      assert.equal(line.after, line.before);
      assert.equal(line.won, false);
    }
  });

  it("when the linked pair finished first and second, then the third is ranked first among the others and paid as the winner", () => {
    const players = [result("a", 1), result("b", 2), result("c", 3), result("d", 4)];
    const plan = planSettlement(
      { difficulty: "medium", players },
      ratings(["a", "b", "c", "d"]),
      new Map([
        ["a", "n"],
        ["b", "n"],
        ["c", null],
        ["d", "m"],
      ]),
    );
    assert.equal(plan.rated, true);
    const line = (id: string) => plan.lines.find((l) => l.result.userId === id);
    assert.equal(line("a")?.rated, false);
    assert.equal(line("c")?.won, true);
    assert.deepEqual(line("c")?.reward, { xp: 60, coins: 15 });
    assert.deepEqual(line("d")?.reward, { xp: 15, coins: 4 });
  });

  it("when the first place passed no validator, then nobody has won", () => {
    const players = [result("a", 1, 0), result("b", 1, 0)];
    const plan = planSettlement(
      { difficulty: "easy", players },
      ratings(["a", "b"]),
      new Map([
        ["a", null],
        ["b", null],
      ]),
    );
    assert.equal(plan.rated, true);
    assert.deepEqual(
      plan.lines.map((l) => [l.won, l.reward.xp]),
      [
        [false, 0],
        [false, 0],
      ],
    );
  });
});
