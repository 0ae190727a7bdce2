import type { BattleAction } from "@levelup/shared";
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import pg from "pg";
import { CLUSTER_SWEEP_INTERVAL_MS } from "../src/realtime/clusterHealth.ts";
import { FREE_FAILURES } from "../src/services/auth/loginProtection.ts";
import { rebuildBattle } from "../src/services/dungeons/DungeonBattles.ts";
import {
  call,
  eventually,
  listing,
  matchmake,
  registerOn,
  sdkClient,
  startTestCluster,
  type TestCluster,
} from "./support/cluster.ts";
import { scaled } from "./support/deadlines.ts";
import { testStack } from "./support/testServer.ts";

/** A dead process's rooms must be gone within one sweep plus Colyseus' 2 s IPC time-out (and slack). */
const STALE_BOUND_MS = CLUSTER_SWEEP_INTERVAL_MS + 2_000 + 2_000;

/** Creates rooms through `askUrl` until one lands on process `name`; returns its reservation. */
async function roomOn(cluster: TestCluster, name: string, askUrl: string, token: string) {
  for (let i = 0; i < 10; i++) {
    const { status, body } = await matchmake(askUrl, "create", "hub", token);
    assert.equal(status, 200, JSON.stringify(body));
    if (body.publicAddress?.endsWith(`/${name}`)) return body;
    // Rooms elsewhere stay open: they make process `name` the least loaded for the next create,
    // once the room counts are republished (Colyseus writes them at most once a second).
    await statsRefresh();
  }
  throw new Error(`no room landed on ${name} (processes: ${[...cluster.processes.keys()].join(", ")})`);
}

/** Colyseus republishes each process's room count at most once a second; placement reads it. */
const statsRefresh = () => new Promise((r) => setTimeout(r, 1_100));

const nextLeave = (room: Room) => new Promise<number>((resolve) => room.onLeave((code) => resolve(code)));
/** The connection is lost: onDrop when the SDK will try to reconnect (rooms up for over 5 s), else onLeave. */
const nextDropOrLeave = (room: Room) =>
  new Promise<number>((resolve) => {
    room.onDrop((code) => resolve(code));
    room.onLeave((code) => resolve(code));
  });

interface BattleView {
  phase: string;
  round: number;
  currentTurn: string;
  spectators: number;
  players: Map<string, { userId: string; hp: number }>;
  enemies: Map<string, { id: string; hp: number }>;
}
const view = (room: Room) => room.state as unknown as BattleView;

/** Resolves once `check` holds for the room's state (checked on every patch). */
function stateWhere(room: Room, check: (s: BattleView) => boolean, timeoutMs = 15_000): Promise<BattleView> {
  return new Promise((resolve, reject) => {
    if (room.state && check(view(room))) return resolve(view(room));
    const timer = setTimeout(
      () => reject(new Error(`state never matched: ${JSON.stringify(room.state)}`)),
      scaled(timeoutMs),
    );
    room.onStateChange((s) => {
      if (check(s as unknown as BattleView)) {
        clearTimeout(timer);
        resolve(s as unknown as BattleView);
      }
    });
  });
}

/** A solo dungeon party whose room lives on process `name`, its player seated and the battle started. */
async function battleOn(cluster: TestCluster, name: string, askUrl: string) {
  for (let i = 0; i < 10; i++) {
    const player = await registerOn(askUrl, "dng");
    const dungeons = await call<{ items: Array<{ id: string; locked: boolean }> }>(
      askUrl,
      player.token,
      "GET",
      "/api/game/dungeons",
    );
    const dungeonId = dungeons.body.items.find((d) => !d.locked)!.id;
    const seat = await call(askUrl, player.token, "POST", "/api/game/dungeons/battle", { dungeonId });
    assert.equal(seat.status, 201, JSON.stringify(seat.body));
    if (!seat.body.reservation.publicAddress?.endsWith(`/${name}`)) {
      await statsRefresh();
      continue;
    }
    const room = await sdkClient(cluster.front.url, player.token).consumeSeatReservation(seat.body.reservation);
    room.onMessage("*", () => {});
    room.send("ready");
    await stateWhere(room, (s) => s.phase === "battle");
    return { player, dungeonId, roomId: seat.body.roomId as string, room };
  }
  throw new Error(`no dungeon room landed on ${name}`);
}

/** Attacks the first living enemy on the player's turn until `actions` were sent or the battle ended. */
async function play(room: Room, actions: number, action: "attack" | "defend" = "attack"): Promise<void> {
  for (let sent = 0; sent < actions; sent++) {
    const s = await stateWhere(room, (v) => v.phase !== "battle" || v.currentTurn === room.sessionId);
    if (s.phase !== "battle") return;
    const round = s.round;
    const target = [...s.enemies.values()].find((e) => e.hp > 0)!;
    room.send("battle_action", action === "attack" ? { action, targetId: target.id } : { action });
    await stateWhere(room, (v) => v.phase !== "battle" || v.round !== round || v.currentTurn !== room.sessionId);
  }
}

/** A coding session of `user` whose room lives on process `name` (sessions elsewhere are ended and retried). */
async function codingSessionOn(cluster: TestCluster, name: string, user: { token: string }) {
  const askUrl = cluster.processes.get("a")!.url;
  for (let i = 0; i < 10; i++) {
    const start = await call(askUrl, user.token, "POST", "/api/game/coding/start", { language: "typescript" });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    if (start.body.reservation.publicAddress?.endsWith(`/${name}`)) {
      return start.body as { sessionId: string; roomId: string; reservation: { publicAddress?: string } };
    }
    await call(askUrl, user.token, "POST", "/api/game/coding/end", { sessionId: start.body.sessionId });
    await statsRefresh();
  }
  throw new Error(`no coding room landed on ${name}`);
}

/** Takes the player's seat again in a rebuilt battle and checks it resumed where it stopped. */
async function rejoinRebuilt(
  cluster: TestCluster,
  battle: { player: { token: string }; dungeonId: string; roomId: string },
  stoppedAt: { round: number; players: unknown; enemies: unknown },
): Promise<Room> {
  const askUrl = cluster.processes.get("a")!.url;
  const seat = await call(askUrl, battle.player.token, "POST", "/api/game/dungeons/battle", {
    dungeonId: battle.dungeonId,
    partyRoomId: battle.roomId,
  });
  assert.equal(seat.status, 201, JSON.stringify(seat.body));
  const again = await sdkClient(cluster.front.url, battle.player.token).consumeSeatReservation(seat.body.reservation);
  again.onMessage("*", () => {});
  const restored = await stateWhere(again, (s) => s.phase === "battle" && s.currentTurn === again.sessionId);
  assert.deepEqual({ round: restored.round, ...hp(restored) }, stoppedAt, "same turn, same hit points");
  return again;
}

/** Plays the battle to its end and compares it with one uninterrupted engine run of the same seed and actions. */
async function finishLikeUninterrupted(cluster: TestCluster, again: Room, roomId: string): Promise<void> {
  await play(again, 200);
  const end = await stateWhere(again, (s) => s.phase !== "battle");
  const row = await battleRow(cluster.databaseUrl, roomId);
  assert.ok(row.actions.length > 2, "one log holds the actions from before and after the interruption");
  const uninterrupted = rebuildBattle(row);
  assert.equal(end.phase, uninterrupted.phase);
  assert.equal(end.round, uninterrupted.round);
  assert.deepEqual(hp(end).enemies, uninterrupted.enemies.map((e) => [e.id, e.hp]).sort());
  assert.deepEqual(hp(end).players, uninterrupted.players.map((p) => [p.id, p.hp]).sort());
  // The room closes itself after the battle: leaving may find nobody to answer.
  await Promise.race([again.leave(), new Promise((r) => setTimeout(r, 1_000))]);
}

/** The stored battle (seed, party, action log) of a room, as the rebuild reads it. */
async function battleRow(databaseUrl: string, roomId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select dungeon_id, seed, party, actions from battles where room_id = $1", [
      roomId,
    ]);
    const row = rows[0];
    return {
      dungeonId: row.dungeon_id as string,
      seed: Number(row.seed),
      party: row.party,
      actions: row.actions as BattleAction[],
    };
  } finally {
    await client.end();
  }
}

const hp = (s: BattleView) => ({
  players: [...s.players.values()].map((p) => [p.userId, p.hp]).sort(),
  enemies: [...s.enemies.values()].map((e) => [e.id, e.hp]).sort(),
});

// Two real server processes need PostgreSQL and Redis, so this suite belongs to the postgres run
// only (it would otherwise start the same processes twice per CI run).
if (testStack === "postgres") {
  describe("cluster: several processes, one game (real processes, PostgreSQL, Redis)", function () {
    this.timeout(scaled(60_000));
    let cluster: TestCluster;
    const url = (name: string) => cluster.processes.get(name)!.url;

    before(async () => {
      cluster = await startTestCluster(["a", "b"]);
    });
    after(async () => {
      await cluster?.close();
    });

    it("when process A is asked for a seat in a room living on process B, then the seat names B and the client joins it through the front", async () => {
      const owner = await registerOn(url("a"));
      const onB = await roomOn(cluster, "b", url("a"), owner.token);
      const guest = await registerOn(url("b"));
      const { status, body } = await matchmake(url("a"), "joinById", onB.roomId, guest.token);
      assert.equal(status, 200, JSON.stringify(body));
      assert.equal(body.processId, onB.processId);
      assert.match(body.publicAddress!, /\/b$/);
      const room = await sdkClient(cluster.front.url, guest.token).consumeSeatReservation(body);
      assert.equal(room.roomId, onB.roomId);
      await room.leave();
    });

    it("when XP is paid on one process, then the push reaches the user's hub connection on the other", async () => {
      const user = await registerOn(url("a"), "push");
      const start = await call(url("a"), user.token, "POST", "/api/game/coding/start", { language: "typescript" });
      assert.equal(start.status, 201, JSON.stringify(start.body));
      const codingOn = start.body.reservation.publicAddress.endsWith("/a") ? "a" : "b";
      const seat = await roomOn(cluster, codingOn === "a" ? "b" : "a", url("a"), user.token);
      const hub = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(seat);
      const pushed = new Promise<{ xp: number; totalXp: number }>((resolve) => hub.onMessage("xp_update", resolve));
      hub.onMessage("*", () => {});
      // The coding room pays its lines through the progression service, which pushes after commit.
      const coding = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(start.body.reservation);
      coding.onMessage("*", () => {});
      coding.send("coding_update", { linesAdded: 4, characters: 120, file: "src/a.ts" });
      const push = await pushed;
      assert.ok(push.xp > 0 && push.totalXp >= push.xp, JSON.stringify(push));
      await coding.leave();
      await hub.leave();
    });

    it("when login failures from one IP for one account are spread over both processes, then the shared backoff counts them as one", async () => {
      const user = await registerOn(url("a"), "limit");
      const me = await call(url("a"), user.token, "GET", "/api/auth/me");
      const attempt = (name: string) =>
        fetch(`${url(name)}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: me.body.username, password: "wrong-password" }),
        }).then((r) => r.status);
      const statuses: number[] = [];
      // FREE_FAILURES failures per (identifier, IP) before a wait; neither process alone sees them all.
      for (let i = 0; i < FREE_FAILURES; i++) statuses.push(await attempt(i % 2 === 0 ? "a" : "b"));
      assert.deepEqual(statuses, Array(FREE_FAILURES).fill(401));
      assert.equal(await attempt("a"), 429);
      assert.equal(await attempt("b"), 429);
    });

    it("when a spectator asks process A to watch a battle on process B, then it watches it and every process lists the battle with the same counts", async () => {
      const battle = await battleOn(cluster, "b", url("a"));
      const fan = await registerOn(url("a"), "fan");
      const spectator = await sdkClient(url("a"), fan.token).joinById(battle.roomId, { spectate: true });
      const events: unknown[] = [];
      spectator.onMessage("*", () => {});
      spectator.onMessage("battle_update", (e) => events.push(e));
      await stateWhere(spectator, (s) => s.phase === "battle" && s.spectators === 1);

      await play(battle.room, 1);
      assert.ok(await eventually(async () => events.length > 0, 5_000), "the spectator saw the action");
      const seen = await stateWhere(spectator, (s) => JSON.stringify(hp(s)) === JSON.stringify(hp(view(battle.room))));
      assert.equal(seen.round, view(battle.room).round);
      for (const name of ["a", "b"]) {
        const listed = await eventually(async () => {
          const live = await call(url(name), fan.token, "GET", "/api/game/battles/live");
          const item = live.body.items.find((i: { roomId: string }) => i.roomId === battle.roomId);
          return item?.players === 1 && item?.spectators === 1;
        }, 5_000);
        assert.ok(listed, `process ${name} lists the battle with 1 player and 1 spectator`);
      }
      await spectator.leave();
      await battle.room.leave();
    });

    it("when the process of a running battle is killed, then the battle is rebuilt from its log on a live process at the same turn and ends as the same actions end without the kill", async () => {
      const battle = await battleOn(cluster, "b", url("a"));
      // Defending, as the drain test does: two lucky attacks can clear Slime Cave before the kill.
      await play(battle.room, 2, "defend");
      const before = view(battle.room);
      assert.equal(before.phase, "battle", "still fighting when the process dies");
      const atKill = { round: before.round, ...hp(before) };
      // Actions are stored in batches (at most ACTION_FLUSH_MS behind; a kill inside that window
      // loses it, see test/dungeonActionLog.test.ts): kill once the batch holding these two is stored.
      assert.ok(
        await eventually(async () => (await battleRow(cluster.databaseUrl, battle.roomId)).actions.length >= 2, 10_000),
        "the two actions reach the stored log",
      );
      const dropped = nextDropOrLeave(battle.room);

      await cluster.processes.get("b")!.stop("SIGKILL");
      cluster.processes.delete("b");
      await dropped;
      const rebuilt = await eventually(
        async () =>
          (await listing(cluster.redisUrl)).some((r) => r.roomId === battle.roomId && r.publicAddress?.endsWith("/a")),
        STALE_BOUND_MS + 3_000,
      );
      assert.ok(rebuilt, "the same room id is listed again, on the live process");

      const again = await rejoinRebuilt(cluster, battle, atKill);
      await finishLikeUninterrupted(cluster, again, battle.roomId);
    });

    it("when a process is killed with SIGKILL, then its players are dropped and its rooms leave the shared listing within the sweep bound", async () => {
      await cluster.spawn("x1");
      const user = await registerOn(url("a"));
      const seat = await roomOn(cluster, "x1", url("a"), user.token);
      const room = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(seat);
      const left = nextLeave(room);
      const before = await listing(cluster.redisUrl);
      assert.ok(
        before.some((r) => r.roomId === seat.roomId),
        "the room is listed while its process lives",
      );

      await cluster.processes.get("x1")!.stop("SIGKILL");
      cluster.processes.delete("x1");
      const code = await left;
      assert.ok(code >= 1000, `the player got a close code (${code})`);

      const gone = await eventually(
        async () => !(await listing(cluster.redisUrl)).some((r) => r.publicAddress?.endsWith("/x1")),
        STALE_BOUND_MS,
      );
      assert.ok(gone, "no room of the dead process is left in the listing");
      // And the game goes on: a new room is placed on a live process.
      const again = await matchmake(url("a"), "create", "hub", user.token);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.doesNotMatch(again.body.publicAddress!, /\/x1$/);
    });

    it("when a process running a coding session gets SIGTERM, then it drains: the session ends and is paid once, the player is told, new seats go elsewhere", async () => {
      const draining = await cluster.spawn("x2");
      const user = await registerOn(url("a"), "drain");
      const session = await codingSessionOn(cluster, "x2", user);
      const room = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(session.reservation as never);
      const ended = new Promise<{ rewards: { xp: number } }>((resolve) => room.onMessage("coding_ended", resolve));
      room.onMessage("*", () => {});
      for (let i = 0; i < 3; i++) room.send("coding_update", { linesAdded: 5, characters: 150, file: "src/a.ts" });
      await eventually(async () => (room.state as { acceptedUpdates?: number }).acceptedUpdates === 3, 5_000);
      const left = nextLeave(room);

      const exited = draining.stop("SIGTERM");
      cluster.processes.delete("x2");
      // The player is told: the session's end with its rewards, then a server-side close.
      const result = await ended;
      assert.ok(
        [4000, 4001].includes(await left),
        "closed by the server (CONSENTED after coding_ended, or SERVER_SHUTDOWN)",
      );
      assert.equal(await exited, 0, "drained within SHUTDOWN_GRACE_MS + 15 s (CLUSTER_TEST_LOGS=1 shows the log)");
      assert.ok(!(await listing(cluster.redisUrl)).some((r) => r.publicAddress?.endsWith("/x2")));

      // Nothing lost, nothing paid twice: the session's XP is on the profile once, and ending it again is refused.
      const sessions = await call(url("a"), user.token, "GET", "/api/game/coding/sessions");
      const stored = sessions.body.items.find((x: { id: string }) => x.id === session.sessionId);
      assert.equal(stored.linesWritten, 15);
      assert.ok(stored.xpEarned > 0);
      const again = await call(url("a"), user.token, "POST", "/api/game/coding/end", { sessionId: session.sessionId });
      assert.equal(again.status, 409);
      const profile = await call(url("a"), user.token, "GET", "/api/game/profile");
      assert.equal(profile.body.experience, stored.xpEarned);
      assert.equal(result.rewards.xp, stored.xpEarned);
      for (let i = 0; i < 3; i++) {
        const next = await matchmake(cluster.front.url, "create", "hub", user.token);
        assert.equal(next.status, 200, JSON.stringify(next.body));
        assert.doesNotMatch(next.body.publicAddress!, /\/x2$/, "new rooms go to live processes");
      }
    });

    it("when a process running a battle gets SIGTERM, then the battle is handed to a live process and goes on with the same dice", async () => {
      const draining = await cluster.spawn("x3");
      const battle = await battleOn(cluster, "x3", url("a"));
      // Defending keeps the battle going whatever the dice (two lucky attacks can clear the cave).
      await play(battle.room, 2, "defend");
      const before = view(battle.room);
      assert.equal(before.phase, "battle", "still fighting when the drain starts");
      const atDrain = { round: before.round, ...hp(before) };
      const dropped = nextDropOrLeave(battle.room);

      const exited = draining.stop("SIGTERM");
      cluster.processes.delete("x3");
      await dropped;
      assert.equal(await exited, 0);
      const handedOver = await eventually(
        async () =>
          (await listing(cluster.redisUrl)).some(
            (r) => r.roomId === battle.roomId && r.publicAddress !== undefined && !r.publicAddress.endsWith("/x3"),
          ),
        10_000,
      );
      assert.ok(handedOver, "the same room id is listed again, on a live process");
      const again = await rejoinRebuilt(cluster, battle, atDrain);
      await finishLikeUninterrupted(cluster, again, battle.roomId);
    });
  });
}
