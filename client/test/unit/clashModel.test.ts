import assert from "node:assert/strict";
import {
  charsShare,
  clashView,
  clock,
  exampleCall,
  localized,
  ProgressReporter,
  secondsUntil,
  signedDelta,
  validatorShare,
} from "../../src/features/clash/clashModel.ts";

describe("clash view", () => {
  const player = (userId: string, extra: Record<string, unknown> = {}) => ({
    userId,
    username: `name-${userId}`,
    rating: 1500,
    connected: true,
    chars: 0,
    submissions: 0,
    passed: 0,
    total: 6,
    solved: false,
    solvedMs: 0,
    forfeited: false,
    place: 0,
    ratingDelta: 0,
    ...extra,
  });

  it("when the clash runs, then players keep their seating order and the timeline its order", () => {
    const view = clashView({
      phase: "playing",
      mode: "shortest",
      players: { b: player("b", { passed: 6, solved: true }), a: player("a") },
      timeline: [{ userId: "b", atMs: 4000, passed: 6, total: 6 }],
      spectators: 3,
    });
    assert.deepEqual(
      view.players.map((p) => p.userId),
      ["b", "a"],
    );
    assert.equal(view.mode, "shortest");
    assert.equal(view.spectators, 3);
    assert.deepEqual(view.timeline, [{ userId: "b", atMs: 4000, passed: 6, total: 6 }]);
  });

  it("when the clash is over, then players are listed by place", () => {
    const view = clashView({
      phase: "ended",
      players: { a: player("a", { place: 2 }), b: player("b", { place: 1 }), c: player("c", { place: 3 }) },
    });
    assert.deepEqual(
      view.players.map((p) => p.userId),
      ["b", "a", "c"],
    );
  });

  it("when the state is partial or odd, then the view has safe defaults", () => {
    const view = clashView({ phase: "nonsense", players: { a: { userId: "a", connected: false } } });
    assert.equal(view.phase, "lobby");
    assert.equal(view.players[0]?.connected, false);
    assert.equal(view.players[0]?.chars, 0);
    assert.deepEqual(view.timeline, []);
  });
});

describe("clash bars and clocks", () => {
  it("when a player passed some validators, then the bar is their share; none before a submission", () => {
    assert.equal(validatorShare({ passed: 3, total: 6 }), 0.5);
    assert.equal(validatorShare({ passed: 0, total: 0 }), 0);
  });

  it("when players typed, then each typing bar is relative to the longest code", () => {
    const players = [{ chars: 50 }, { chars: 200 }];
    assert.equal(charsShare(50, players), 0.25);
    assert.equal(charsShare(0, [{ chars: 0 }]), 0);
  });

  it("when time is shown, then it is m:ss and seconds left never go below zero", () => {
    assert.equal(clock(65_400), "1:05");
    assert.equal(clock(0), "0:00");
    assert.equal(secondsUntil(10_500, 10_000), 1);
    assert.equal(secondsUntil(9_000, 10_000), 0);
  });

  it("when a rating changes, then the change is signed", () => {
    assert.equal(signedDelta({ ratingBefore: 1500, ratingAfter: 1662 }), "+162");
    assert.equal(signedDelta({ ratingBefore: 1500, ratingAfter: 1338 }), "−162");
    assert.equal(signedDelta({ ratingBefore: 1500, ratingAfter: 1500 }), "±0");
  });

  it("when a statement lacks the UI's language, then English is shown", () => {
    assert.equal(localized({ en: "Sum", ko: "합" }, "ko"), "합");
    assert.equal(localized({ en: "Sum" }, "ja"), "Sum");
  });

  it("when an example is shown, then it reads as a call and its result", () => {
    assert.equal(exampleCall("chunk", [[1, 2, 3], 2], [[1, 2], [3]]), "chunk([1,2,3], 2) → [[1,2],[3]]");
  });
});

describe("clash progress reports", () => {
  it("when the player types, then the count goes at most once a second and only when it changed", () => {
    const reporter = new ProgressReporter(1000);
    assert.equal(reporter.next(10, 0), 10);
    assert.equal(reporter.next(12, 500), null, "too soon");
    assert.equal(reporter.next(12, 1000), 12);
    assert.equal(reporter.next(12, 5000), null, "unchanged");
    assert.equal(reporter.next(0, 5001), 0, "a cleared editor is reported too");
  });
});
