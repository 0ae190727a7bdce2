import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { call, eventually, registerOn, sdkClient, startTestCluster, type TestCluster } from "./support/cluster.ts";
import { PROCESS_TEST_MS, scaled } from "./support/deadlines.ts";
import { testStack } from "./support/testServer.ts";

const LANGUAGES = ["en", "ko", "ja", "zh"] as const;

if (testStack === "postgres") {
  describe("cluster: clash matchmaking across processes (real processes, PostgreSQL, Redis)", function () {
    this.timeout(scaled(PROCESS_TEST_MS));
    let cluster: TestCluster;
    const seated: Room[] = [];

    before(async () => {
      cluster = await startTestCluster(["a", "b"]);
    });
    after(async () => {
      await Promise.all(seated.map((r) => r.leave().catch(() => {})));
      await cluster?.close();
    });

    const url = (name: string) => cluster.processes.get(name)?.url as string;

    async function queueOn(name: string, language: string) {
      const player = await registerOn(url(name), "clq");
      const res = await call(url(name), player.token, "POST", "/api/game/clashes/queue", { language });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      const room = await sdkClient(cluster.front.url, player.token).consumeSeatReservation(res.body.reservation);
      room.onMessage("*", () => {});
      seated.push(room);
      return { player, res, room };
    }

    it("when a lobby lives on process b, then a player queueing on a lands in it and both list it live", async () => {
      // Lobbies go to the process with the fewest rooms: one in each bucket until one is on b.
      let onB: { language: string; roomId: string } | undefined;
      for (const language of LANGUAGES) {
        const { res } = await queueOn("b", language);
        if (res.body.reservation.publicAddress?.endsWith("/b")) {
          onB = { language, roomId: res.body.roomId };
          break;
        }
        await new Promise((r) => setTimeout(r, 1_100)); // room counts are republished once a second
      }
      assert.ok(onB, "a lobby landed on b");
      const { res, room } = await queueOn("a", onB.language);
      assert.equal(res.body.roomId, onB.roomId, "the queue on a found b's lobby");
      assert.ok(res.body.reservation.publicAddress?.endsWith("/b"));
      assert.ok(
        await eventually(async () => (room.state as { players?: Map<string, unknown> }).players?.size === 2, 10_000),
      );

      const viewer = await registerOn(url("a"), "clv");
      for (const name of ["a", "b"]) {
        const live = await call(url(name), viewer.token, "GET", "/api/game/clashes/live?limit=100");
        assert.equal(live.status, 200, JSON.stringify(live.body));
        const item = live.body.items.find((i: { roomId: string }) => i.roomId === onB.roomId);
        assert.deepEqual(
          item,
          { roomId: onB.roomId, phase: "lobby", mode: "", difficulty: "", players: 2, spectators: 0 },
          name,
        );
      }
    });

    it("when players queue at the same moment on both processes, then they land in one lobby", async () => {
      const players = await Promise.all(["a", "b", "a", "b"].map((name) => registerOn(url(name), "clr")));
      const answers = await Promise.all(
        players.map((p, i) => call(url(i % 2 ? "b" : "a"), p.token, "POST", "/api/game/clashes/queue", {})),
      );
      for (const res of answers) assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(
        new Set(answers.map((r) => r.body.roomId)).size,
        1,
        JSON.stringify(answers.map((r) => r.body.roomId)),
      );
    });
  });
}
