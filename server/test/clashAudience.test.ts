import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Client } from "@colyseus/sdk";
import { ClashState } from "@levelup/shared/state/ClashState";
import { api, newUser, type TestUser } from "./support/api.ts";
import {
  clashConfig,
  invite,
  leaveAll,
  localClash,
  lobby,
  nextMessage,
  partial,
  quiet,
  rawFrames,
  solution,
  start,
  submit,
  take,
  unlinked,
  useClashConfig,
  watch,
} from "./support/clash.ts";
import { scaled, until } from "./support/deadlines.ts";
import { testServer } from "./support/testServer.ts";

before(async function () {
  this.timeout(180_000);
  await testServer();
});

const users = (n: number, prefix = "rival") => Promise.all(Array.from({ length: n }, () => newUser(prefix)));

/** Cuts the player's connection abruptly, as a network drop does (not a consented leave). */
function drop(roomId: string, sessionId: string): void {
  (localClash(roomId).clients.getById(sessionId) as any).ref._socket.destroy();
}

describe("clash room: spectators", () => {
  useClashConfig({ CLASH_COUNTDOWN_MS: 300, CLASH_MODES: ["fastest"] });

  it("when someone watches, then they see the race but every message they send is refused with SPECTATOR", async () => {
    const [a, b, fan] = (await users(3)) as [TestUser, TestUser, TestUser];
    const rooms = await lobby([a, b]);
    const [ra] = rooms as [(typeof rooms)[0]];
    const { server } = await testServer();
    const noIntent = new Client(server.url);
    await assert.rejects(noIntent.joinById(ra.roomId, { token: fan.token }, ClashState), /FORBIDDEN/);
    await assert.rejects(noIntent.joinById(ra.roomId, { spectate: true }, ClashState), /UNAUTHORIZED/);

    const watcher = await watch(fan, ra.roomId);
    await until(() => watcher.state.spectators === 1 && watcher.state.players.size === 2);
    const { problem } = await start(rooms);
    await nextMessage(watcher, "clash_problem", 0);
    for (const [type, payload] of [
      ["clash_start", {}],
      ["clash_progress", { chars: 3 }],
      ["clash_test", { code: solution(problem) }],
      ["clash_submit", { code: solution(problem) }],
    ] as const) {
      const refused = nextMessage(watcher, "error");
      watcher.send(type, payload);
      assert.equal((await refused).code, "SPECTATOR", type);
    }
    assert.equal(ra.state.timeline.length, 0);
    // A spectator arriving late gets the problem too.
    const late = await watch(await newUser("fan"), ra.roomId);
    assert.equal((await nextMessage(late, "clash_problem", 0)).problemId, problem.id);
    await until(() => ra.state.spectators === 2);

    ra.send("clash_progress", { chars: 42 });
    await until(() => watcher.state.players.get(a.id)?.chars === 42);
    await leaveAll([...rooms, watcher, late]);
  });

  it("when players submit, then no opponent or spectator receives any code before clash_result, which reveals it", async () => {
    const [a, b, fan] = (await users(3)) as [TestUser, TestUser, TestUser];
    const rooms = await lobby([a, b]);
    const [ra, rb] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
    const watcher = await watch(fan, ra.roomId);
    const seen = { opponent: rawFrames(rb), spectator: rawFrames(watcher) };
    const states = { opponent: [] as string[], spectator: [] as string[] };
    rb.onStateChange((s) => states.opponent.push(JSON.stringify(s.toJSON())));
    watcher.onStateChange((s) => states.spectator.push(JSON.stringify(s.toJSON())));
    const { problem } = await start(rooms);

    const marker = `secret_${randomBytes(8).toString("hex")}`;
    const wrong = `${partial(problem, 1)}\n// ${marker} wrong`;
    await submit(ra, `${partial(problem, 0)}\n// ${marker} test`, "test");
    assert.equal((await submit(ra, wrong)).passed, 1);
    ra.send("clash_progress", { chars: wrong.length });
    const right = solution(problem, 0, marker);
    assert.equal((await submit(ra, right)).solved, true);
    await until(() => watcher.state.players.get(a.id)?.solved === true);
    // A submission sets the count to the submitted code's length (a paste may not have been reported yet).
    assert.equal(watcher.state.players.get(a.id)?.chars, right.length, "the length is shown, never the code");

    const results = [nextMessage(rb, "clash_result"), nextMessage(watcher, "clash_result")];
    await submit(rb, solution(problem));
    const [forOpponent, forSpectator] = await Promise.all(results);
    for (const [who, frames] of Object.entries(seen)) {
      assert.ok(frames.length > 3, `${who} received frames`);
      const leaked = frames.filter((f) => f.bytes.includes(marker) && !f.afterResult);
      assert.equal(leaked.length, 0, `${who} received code before clash_result`);
      assert.ok(
        frames.some((f) => f.bytes.includes(marker) && f.afterResult),
        `${who} got the solutions`,
      );
    }
    for (const [who, list] of Object.entries(states)) {
      assert.ok(list.length > 0);
      assert.ok(!list.some((s) => s.includes(marker)), `${who}'s state never holds code`);
    }
    for (const result of [forOpponent, forSpectator]) {
      assert.deepEqual(result.solutions[0], {
        userId: a.id,
        code: right,
        passed: problem.validators.length,
        total: problem.validators.length,
      });
    }
    await leaveAll([...rooms, watcher]);
  });
});

describe("clash room: connections", () => {
  useClashConfig({ CLASH_COUNTDOWN_MS: 300, CLASH_MODES: ["fastest"] });

  it("when a player drops and comes back within the window, then they keep their seat and get the problem again", async () => {
    const restoreWindow = await clashConfig({ CLASH_RECONNECT_MS: scaled(20_000) });
    try {
      const [a, b] = (await users(2)) as [TestUser, TestUser];
      const rooms = await lobby([a, b]);
      const [ra, rb] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
      const { problem } = await start(rooms);
      const token = ra.reconnectionToken;
      drop(ra.roomId, ra.sessionId);
      await until(() => rb.state.players.get(a.id)?.connected === false);

      const { server } = await testServer();
      const client = new Client(server.url);
      client.auth.token = a.token;
      const back = quiet(await client.reconnect(token, ClashState));
      assert.equal((await nextMessage(back, "clash_problem", 0)).problemId, problem.id);
      await until(() => rb.state.players.get(a.id)?.connected === true);
      assert.equal(rb.state.players.get(a.id)?.forfeited, false);
      const result = nextMessage(rb, "clash_result");
      assert.equal((await submit(back, solution(problem))).solved, true);
      await submit(rb, solution(problem));
      assert.equal((await result).winnerId, a.id);
      await leaveAll([back, rb]);
    } finally {
      restoreWindow();
    }
  });

  it("when a player stays away past the window or leaves, then they forfeit and the others play on; a solver who leaves keeps the result", async () => {
    const restoreWindow = await clashConfig({ CLASH_RECONNECT_MS: 300 });
    try {
      const [a, b, c, d] = (await users(4)) as [TestUser, TestUser, TestUser, TestUser];
      const rooms = await lobby([a, b, c, d]);
      const [ra, rb, rc, rd] = rooms as [(typeof rooms)[0], (typeof rooms)[0], (typeof rooms)[0], (typeof rooms)[0]];
      const { problem } = await start(rooms);
      assert.equal((await submit(rd, solution(problem))).solved, true);
      await rd.leave();
      await until(() => rb.state.players.get(d.id)?.connected === false);
      // a passed more validators than b will have when b's turn comes, and still ranks below: a forfeit is last.
      assert.equal((await submit(ra, partial(problem, 2))).passed, 2);
      drop(ra.roomId, ra.sessionId);
      await until(() => rb.state.players.get(a.id)?.forfeited === true);
      assert.equal(rb.state.players.get(a.id)?.connected, false);
      await rc.leave();
      await until(() => rb.state.players.get(c.id)?.forfeited === true);
      assert.equal(rb.state.phase, "playing", "one player is still racing: the clash goes on");
      assert.equal(rb.state.players.get(d.id)?.forfeited, false);
      // Players gone for good may take another clash at once.
      const again = await invite(c);
      assert.equal(again.status, 201, JSON.stringify(again.body));

      const result = nextMessage(rb, "clash_result");
      await submit(rb, solution(problem));
      const r = await result;
      assert.deepEqual(
        r.standings.map((s: any) => [s.userId, s.place, s.forfeited]),
        [[d.id, 1, false], [b.id, 2, false], ...[a.id, c.id].sort().map((id) => [id, 3, true])],
      );
      await leaveAll([rb, await take(c, again.body.reservation)]);
    } finally {
      restoreWindow();
    }
  });

  it("when a rated clash ends, then the ratings reach the state and clash_result", async () => {
    const [a, b] = (await users(2)) as [TestUser, TestUser];
    await unlinked(a, b);
    const rooms = await lobby([a, b]);
    const [ra, rb] = rooms as [(typeof rooms)[0], (typeof rooms)[0]];
    const { problem } = await start(rooms);
    await submit(ra, solution(problem));
    const result = nextMessage(ra, "clash_result");
    await submit(rb, solution(problem));
    const r = await result;
    assert.equal(r.rated, true);
    const [winner, loser] = r.standings;
    assert.equal(winner.userId, a.id);
    assert.ok(winner.ratingAfter > winner.ratingBefore, JSON.stringify(winner));
    assert.ok(loser.ratingAfter < loser.ratingBefore, JSON.stringify(loser));
    assert.ok(winner.xp > 0);
    await until(() => rb.state.phase === "ended");
    assert.equal(rb.state.players.get(a.id)?.ratingDelta, winner.ratingAfter - winner.ratingBefore);
    assert.equal(rb.state.players.get(b.id)?.ratingDelta, loser.ratingAfter - loser.ratingBefore);

    const ladder = await api("GET", "/api/game/clashes/ladder?limit=100", { token: a.token });
    assert.equal(ladder.status, 200, JSON.stringify(ladder.body));
    assert.equal(ladder.body.me?.userId, a.id);
    await leaveAll(rooms);
  });
});
