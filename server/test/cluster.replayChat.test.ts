import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import {
  type BattleReplay,
  battleSetupOf,
  type ChatLine,
  type EmoteShown,
  outcomeOf,
  replayFrames,
  sameOutcome,
} from "@levelup/shared";
import { CLUSTER_SWEEP_INTERVAL_MS } from "../src/realtime/clusterHealth.ts";
import {
  call,
  eventually,
  listing,
  registerOn,
  sdkClient,
  startTestCluster,
  type TestCluster,
} from "./support/cluster.ts";
import { testStack } from "./support/testServer.ts";

/** A dead process's rooms are rebuilt within one sweep plus Colyseus' 2 s IPC time-out (and slack). */
const REBUILT_BOUND_MS = CLUSTER_SWEEP_INTERVAL_MS + 2_000 + 5_000;
const WAIT = 30_000;

interface BattleView {
  phase: string;
  round: number;
  currentTurn: string;
  enemies: Map<string, { id: string; hp: number }>;
  players: Map<string, { userId: string; hp: number }>;
}
const view = (room: Room) => room.state as unknown as BattleView;

function stateWhere(room: Room, check: (s: BattleView) => boolean): Promise<BattleView> {
  return new Promise((resolve, reject) => {
    if (room.state && check(view(room))) return resolve(view(room));
    const timer = setTimeout(() => reject(new Error(`state never matched: ${JSON.stringify(room.state)}`)), WAIT);
    room.onStateChange((s) => {
      if (check(s as unknown as BattleView)) {
        clearTimeout(timer);
        resolve(s as unknown as BattleView);
      }
    });
  });
}

/** Everything of `type` a room receives. */
function record<T>(room: Room, type: string): T[] {
  const got: T[] = [];
  room.onMessage(type, (m: T) => got.push(m));
  return got;
}

/** A solo party whose room lives on process `name` (asked through `askUrl`), its battle started. */
async function battleOn(cluster: TestCluster, name: string, askUrl: string) {
  for (let i = 0; i < 10; i++) {
    const player = await registerOn(askUrl, "rpl");
    const seat = await call(askUrl, player.token, "POST", "/api/game/dungeons/battle", { dungeonId: "slime_cave" });
    assert.equal(seat.status, 201, JSON.stringify(seat.body));
    if (!seat.body.reservation.publicAddress?.endsWith(`/${name}`)) {
      // Colyseus republishes room counts at most once a second; placement reads them.
      await new Promise((r) => setTimeout(r, 1_100));
      continue;
    }
    const room = await sdkClient(cluster.front.url, player.token).consumeSeatReservation(seat.body.reservation);
    room.onMessage("*", () => {});
    room.send("ready");
    await stateWhere(room, (s) => s.phase === "battle");
    return { player, roomId: seat.body.roomId as string, room };
  }
  throw new Error(`no dungeon room landed on ${name}`);
}

/** Attacks (or defends) on the player's turn until `actions` were sent or the battle ended. */
async function play(room: Room, actions: number, action: "attack" | "defend" = "attack"): Promise<void> {
  for (let sent = 0; sent < actions; sent++) {
    const s = await stateWhere(room, (v) => v.phase !== "battle" || v.currentTurn === room.sessionId);
    if (s.phase !== "battle") return;
    const round = s.round;
    room.send("battle_action", { action });
    await stateWhere(room, (v) => v.phase !== "battle" || v.round !== round || v.currentTurn !== room.sessionId);
  }
}

// Real processes need PostgreSQL and Redis: the postgres run only, like cluster.test.ts.
if (testStack === "postgres") {
  describe("cluster: party chat and replays across processes (real processes, PostgreSQL, Redis)", function () {
    this.timeout(180_000);
    let cluster: TestCluster;
    const url = (name: string) => cluster.processes.get(name)!.url;

    before(async () => {
      cluster = await startTestCluster(["a", "b"]);
    });
    after(async () => {
      await cluster?.close();
    });

    it("when the party's room lives on B and a spectator enters through A, then the spectator reads the party's chat and its emotes reach the party", async () => {
      const battle = await battleOn(cluster, "b", url("a"));
      const heardByPlayer = {
        emote: record<EmoteShown>(battle.room, "emote"),
        chat: record<ChatLine>(battle.room, "chat"),
      };
      const fan = await registerOn(url("a"), "fan");
      const spectator = await sdkClient(url("a"), fan.token).joinById(battle.roomId, { spectate: true });
      spectator.onMessage("*", () => {});
      const heard = { chat: record<ChatLine>(spectator, "chat"), error: record<{ code: string }>(spectator, "error") };

      battle.room.send("chat", { text: "from process b" });
      assert.ok(await eventually(async () => heard.chat.some((l) => l.text === "from process b"), WAIT));
      spectator.send("chat", { text: "may I?" });
      spectator.send("emote", { emote: "cheer" });
      assert.ok(await eventually(async () => heardByPlayer.emote.some((e) => e.emote === "cheer"), WAIT));
      assert.ok(await eventually(async () => heard.error.some((e) => e.code === "CHAT_SPECTATOR_EMOTE_ONLY"), WAIT));
      assert.ok(!heardByPlayer.chat.some((l) => l.text === "may I?"));
      await spectator.leave();
      await battle.room.leave();
    });

    it("when B is killed mid-battle, then the battle rebuilt on A has a fresh chat that works, and its replay from any process ends as the rebuilt battle ended", async () => {
      const battle = await battleOn(cluster, "b", url("a"));
      battle.room.send("chat", { text: "before the crash" });
      // Defending: two lucky attacks can clear Slime Cave before the kill.
      await play(battle.room, 2, "defend");
      assert.equal(view(battle.room).phase, "battle", "still fighting when the process dies");
      const dropped = new Promise<void>((resolve) => {
        battle.room.onDrop(() => resolve());
        battle.room.onLeave(() => resolve());
      });
      await cluster.processes.get("b")!.stop("SIGKILL");
      cluster.processes.delete("b");
      await dropped;
      const rebuilt = await eventually(
        async () =>
          (await listing(cluster.redisUrl)).some((r) => r.roomId === battle.roomId && r.publicAddress?.endsWith("/a")),
        REBUILT_BOUND_MS,
      );
      assert.ok(rebuilt, "the battle is rebuilt on A under the same room id");

      const seat = await call(url("a"), battle.player.token, "POST", "/api/game/dungeons/battle", {
        dungeonId: "slime_cave",
        partyRoomId: battle.roomId,
      });
      assert.equal(seat.status, 201, JSON.stringify(seat.body));
      const client = sdkClient(cluster.front.url, battle.player.token);
      const again = await client.consumeSeatReservation(seat.body.reservation);
      again.onMessage("*", () => {});
      const history = record<ChatLine[]>(again, "chat_history");
      const chat = record<ChatLine>(again, "chat");
      // Chat lives in the room's memory: the rebuilt room starts with none of it (documented).
      again.send("chat_history");
      assert.ok(await eventually(async () => history.length > 0, WAIT));
      assert.ok(
        history.every((h) => h.length === 0),
        "no chat survives a rebuild",
      );
      again.send("chat", { text: "after the crash" });
      assert.ok(await eventually(async () => chat.some((l) => l.text === "after the crash"), WAIT));

      const rewards = new Promise<{ battleId: string }>((resolve) => {
        again.onMessage("battle_update", (m: { type: string; battleId: string }) => {
          if (m.type === "rewards") resolve(m);
        });
      });
      await play(again, 200);
      const end = await stateWhere(again, (s) => s.phase !== "battle");
      const { battleId } = await rewards;

      const res = await fetch(`${cluster.front.url}/api/game/battles/${battleId}/replay`);
      assert.equal(res.status, 200);
      const replay = (await res.json()) as BattleReplay;
      const frames = replayFrames(battleSetupOf(replay), replay.actions);
      const last = frames.at(-1)!.state;
      assert.ok(sameOutcome(outcomeOf(last), replay.result), "the replay ends at the stored result");
      assert.ok(replay.actions.length > 2, "the log holds actions from before and after the kill");
      assert.equal(last.phase, end.phase);
      assert.equal(last.round, end.round);
      assert.deepEqual(
        last.enemies.map((e) => [e.id, e.hp]).sort(),
        [...end.enemies.values()].map((e) => [e.id, e.hp]).sort(),
        "the same enemy hit points as the rebuilt room showed",
      );
      assert.deepEqual(
        last.players.map((p) => p.hp),
        [...end.players.values()].map((p) => p.hp),
      );
      await Promise.race([again.leave(), new Promise((r) => setTimeout(r, 1_000))]);
    });
  });
}
