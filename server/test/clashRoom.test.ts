import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { CLASH_TIME_LIMIT_MS } from "@levelup/shared";
import { newUser, type TestUser } from "./support/api.ts";
import {
  clashConfig,
  invite,
  joinByLink,
  leaveAll,
  lobby,
  nextMessage,
  partial,
  solution,
  start,
  submit,
  take,
  useClashConfig,
} from "./support/clash.ts";
import { until } from "./support/deadlines.ts";
import { testServer } from "./support/testServer.ts";

before(async function () {
  // The first test would otherwise pay for booting the server (slow on a busy machine).
  this.timeout(180_000);
  await testServer();
});

const users = (n: number, prefix = "clasher") => Promise.all(Array.from({ length: n }, () => newUser(prefix)));

describe("clash room: lobby and start", () => {
  useClashConfig({ CLASH_COUNTDOWN_MS: 300 });

  it("when the owner starts with two players, then a countdown runs and everyone gets the problem", async () => {
    const [a, b] = (await users(2)) as [TestUser, TestUser];
    const rooms = await lobby([a, b]);
    const [ra, rb] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
    assert.equal(ra.state.ownerId, a.id);
    assert.equal(ra.state.phase, "lobby");
    assert.ok(!ra.state.mode, "the mode is drawn at the start");

    const notOwner = nextMessage(rb, "error");
    rb.send("clash_start", {});
    assert.equal((await notOwner).code, "FORBIDDEN");

    const waits = rooms.map((r) => nextMessage(r, "clash_problem"));
    ra.send("clash_start", {});
    await until(() => rb.state.phase === "countdown");
    assert.ok(rb.state.startsAt > Date.now() - 1_000, "startsAt is the countdown's end");
    const [problem] = await Promise.all(waits);
    await until(() => rb.state.phase === "playing");
    assert.ok(["fastest", "shortest", "reverse"].includes(rb.state.mode));
    assert.equal(problem.mode, rb.state.mode);
    assert.equal(rb.state.problemId, problem.problemId);
    assert.ok(problem.endsAt > rb.state.startsAt);
    assert.equal(problem.endsAt, rb.state.endsAt);
    assert.ok(problem.examples.length > 0);
    assert.ok(!("validators" in problem), "the validators never leave the server");

    const late = await newUser("late");
    const refused = await joinByLink(late, ra.roomId);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error.code, "CLASH_STARTED");
    await leaveAll(rooms);
  });

  it("when the owner starts alone, then NOT_ENOUGH_PLAYERS; when the owner leaves, then the next player owns the lobby", async () => {
    const [a, b, c] = (await users(3)) as [TestUser, TestUser, TestUser];
    const opened = await invite(a);
    const ra = await take(a, opened.body.reservation);
    const alone = nextMessage(ra, "error");
    ra.send("clash_start", {});
    assert.equal((await alone).code, "NOT_ENOUGH_PLAYERS");

    const rb = await take(b, (await joinByLink(b, ra.roomId)).body.reservation);
    const rc = await take(c, (await joinByLink(c, ra.roomId)).body.reservation);
    await until(() => rc.state.players.size === 3);
    await ra.leave();
    await until(() => rc.state.players.size === 2 && rc.state.ownerId === b.id);
    const notOwner = nextMessage(rc, "error");
    rc.send("clash_start", {});
    assert.equal((await notOwner).code, "FORBIDDEN");
    // The freed seat can be taken again by the link.
    const back = await joinByLink(a, ra.roomId);
    assert.equal(back.status, 201, JSON.stringify(back.body));
    const ra2 = await take(a, back.body.reservation);
    await until(() => rc.state.players.size === 3);

    // An empty lobby closes (spectators or not): its link leads nowhere.
    await leaveAll([ra2, rb, rc]);
    await until(async () => (await matchMaker.getRoomById(ra.roomId)) === undefined);
    const gone = await joinByLink(a, ra.roomId);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, "NOT_FOUND");
  });
});

describe("clash room: the race", () => {
  useClashConfig({ CLASH_COUNTDOWN_MS: 300 });

  it("when both solve in the Fastest mode, then the first is first, the state and clash_result say so", async () => {
    const restoreModes = await clashConfig({ CLASH_MODES: ["fastest"] });
    try {
      const [a, b] = (await users(2)) as [TestUser, TestUser];
      const rooms = await lobby([a, b]);
      const [ra, rb] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
      const { problem, message } = await start(rooms);
      assert.equal(message.mode, "fastest");
      assert.ok(message.statement, "Fastest shows the statement");

      const tested = await submit(ra, partial(problem, 0), "test");
      assert.equal(tested.kind, "test");
      assert.equal(tested.examples.length, problem.examples.length);

      const first = await submit(ra, solution(problem));
      assert.deepEqual(
        [first.kind, first.passed, first.total, first.solved],
        ["submit", problem.validators.length, problem.validators.length, true],
      );
      const again = nextMessage(ra, "error");
      ra.send("clash_submit", { code: solution(problem) });
      assert.equal((await again).code, "ALREADY_SOLVED");
      await until(() => rb.state.players.get(a.id)?.solved === true);

      const result = nextMessage(rb, "clash_result");
      await submit(rb, solution(problem));
      const r = await result;
      assert.deepEqual(
        r.standings.map((s: any) => [s.userId, s.place]),
        [
          [a.id, 1],
          [b.id, 2],
        ],
      );
      assert.equal(r.winnerId, a.id);
      assert.equal(r.solutions[0].userId, a.id, "the winner's solution first");
      await until(() => ra.state.phase === "ended");
      assert.equal(ra.state.players.get(a.id)?.place, 1);
      assert.equal(ra.state.players.get(b.id)?.place, 2);
      assert.equal(ra.state.winnerId, a.id);
      assert.equal(ra.state.timeline.length, 2);
      await leaveAll(rooms);
    } finally {
      restoreModes();
    }
  });
});

describe("clash room: modes, ties and the time limit", () => {
  useClashConfig({ CLASH_COUNTDOWN_MS: 300 });

  it("when both solve in the Shortest mode, then the shorter solution wins though it came later", async () => {
    const restoreModes = await clashConfig({ CLASH_MODES: ["shortest"] });
    try {
      const [a, b] = (await users(2)) as [TestUser, TestUser];
      const rooms = await lobby([a, b]);
      const [ra, rb] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
      const { problem, message } = await start(rooms);
      assert.equal(message.mode, "shortest");
      const long = solution(problem, 200);
      assert.equal((await submit(ra, long)).solved, true);
      const result = nextMessage(ra, "clash_result");
      assert.equal((await submit(rb, solution(problem))).solved, true);
      const r = await result;
      assert.deepEqual(
        r.standings.map((s: any) => [s.userId, s.place, s.codeLength]),
        [
          [b.id, 1, solution(problem).length],
          [a.id, 2, long.length],
        ],
      );
      assert.equal(r.winnerId, b.id);
      assert.deepEqual(
        r.solutions.map((s: any) => s.userId),
        [b.id, a.id],
      );
      await leaveAll(rooms);
    } finally {
      restoreModes();
    }
  });

  it("when the mode is Reverse, then the statement is withheld and the race is ranked as Fastest", async () => {
    const restoreModes = await clashConfig({ CLASH_MODES: ["reverse"] });
    try {
      const [a, b] = (await users(2)) as [TestUser, TestUser];
      const rooms = await lobby([a, b]);
      const [ra, rb] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
      const { problem, message } = await start(rooms);
      assert.equal(message.mode, "reverse");
      assert.equal(message.statement, null);
      assert.deepEqual(message.title, problem.title);
      assert.deepEqual(
        message.examples,
        problem.examples.map(({ args, expected }) => ({ args, expected })),
      );
      // The shorter solution comes second: Reverse ranks by time only.
      await submit(rb, solution(problem, 100));
      const result = nextMessage(ra, "clash_result");
      await submit(ra, solution(problem));
      const r = await result;
      assert.deepEqual(
        r.standings.map((s: any) => [s.userId, s.place]),
        [
          [b.id, 1],
          [a.id, 2],
        ],
      );
      await leaveAll(rooms);
    } finally {
      restoreModes();
    }
  });

  it("when the time limit comes first, then players rank by validators passed, then time, and equals share a place", async () => {
    const [a, b, c, d] = (await users(4)) as [TestUser, TestUser, TestUser, TestUser];
    const rooms = await lobby([a, b, c, d]);
    const [ra, rb, rc] = rooms as [(typeof rooms)[0], (typeof rooms)[0], (typeof rooms)[0]];
    const restoreScale = await clashConfig({ CLASH_TIME_LIMIT_SCALE: 0.5 });
    const { problem } = await start(rooms).finally(restoreScale);
    assert.equal(
      ra.state.endsAt - ra.state.startsAt,
      CLASH_TIME_LIMIT_MS[problem.difficulty] / 2,
      "the configured scale",
    );
    // b is first to submit but passes fewer validators than a; c and d submit nothing.
    assert.equal((await submit(rb, partial(problem, 1))).passed, 1);
    assert.equal((await submit(ra, partial(problem, 2))).passed, 2);
    // a's worse submission later does not replace the best one.
    assert.equal((await submit(ra, partial(problem, 0))).passed, 0);
    await until(() => rc.state.players.get(a.id)?.passed === 2 && rc.state.players.get(a.id)?.submissions === 2);
    assert.equal(rc.state.timeline.length, 3);

    const { server } = await testServer();
    const result = nextMessage(rc, "clash_result");
    server.ctx.clock.advance(ra.state.endsAt - Date.now() + 1_000);
    try {
      const r = await result;
      assert.deepEqual(
        r.standings.map((s: any) => [s.userId, s.place, s.passed]),
        [[a.id, 1, 2], [b.id, 2, 1], ...[c.id, d.id].sort().map((id) => [id, 3, 0])],
      );
      assert.equal(r.winnerId, a.id);
      assert.deepEqual(
        r.solutions.map((s: any) => [s.userId, s.code]),
        [
          [a.id, partial(problem, 2)],
          [b.id, partial(problem, 1)],
        ],
        "each player's best submission, ranked",
      );
      const late = nextMessage(ra, "error");
      ra.send("clash_submit", { code: solution(problem) });
      assert.equal((await late).code, "CLASH_OVER");
    } finally {
      server.ctx.clock.reset();
    }
    await leaveAll(rooms);
  });

  it("when a player runs code too often, then RATE_LIMITED, and messages before the start or malformed are refused", async () => {
    const [a, b] = (await users(2)) as [TestUser, TestUser];
    const rooms = await lobby([a, b]);
    const [ra] = rooms as [(typeof rooms)[0]];
    const early = nextMessage(ra, "error");
    ra.send("clash_test", { code: "function f() {}" });
    assert.equal((await early).code, "NOT_STARTED");
    for (const [type, bad] of [
      ["clash_submit", { code: "" }],
      ["clash_submit", { code: 42 }],
      ["clash_progress", { chars: -1 }],
      ["clash_progress", { chars: 1, code: "x" }],
      ["clash_start", "now"],
    ] as const) {
      const refused = nextMessage(ra, "error");
      ra.send(type, bad);
      assert.equal((await refused).code, "VALIDATION_FAILED", `${type} ${JSON.stringify(bad)}`);
    }
    const unknown = nextMessage(ra, "error");
    ra.send("clash_cheat", {});
    assert.equal((await unknown).code, "UNKNOWN_MESSAGE");

    const { problem } = await start(rooms);
    // Two at once: the second waits for nothing, it is refused.
    const since = ra.messages.length;
    ra.send("clash_test", { code: partial(problem, 0) });
    ra.send("clash_test", { code: partial(problem, 0) });
    assert.equal((await nextMessage(ra, "error", since)).code, "RATE_LIMITED");
    await nextMessage(ra, "clash_graded", since);
    for (let run = 2; run <= 6; run++) await submit(ra, partial(problem, 0), "test");
    const limited = nextMessage(ra, "error");
    ra.send("clash_submit", { code: solution(problem) });
    assert.equal((await limited).code, "RATE_LIMITED");
    assert.equal(ra.state.players.get(a.id)?.submissions, 0, "a refused submission is not counted");
    await leaveAll(rooms);
  });
});
