import assert from "node:assert/strict";
import { CODING_CAPS } from "@levelup/shared/rules/coding";
import {
  call,
  eventually,
  matchmake,
  registerOn,
  sdkClient,
  startTestCluster,
  type TestCluster,
} from "./support/cluster.ts";
import { testStack } from "./support/testServer.ts";

interface Start {
  sessionId: string;
  roomId: string;
  reservation: { publicAddress?: string };
}

/** Colyseus republishes each process's room count at most once a second; placement reads it. */
const statsRefresh = () => new Promise((r) => setTimeout(r, 1_100));

// Two real server processes need PostgreSQL and Redis: this suite belongs to the postgres run.
if (testStack === "postgres") {
  describe("cluster: one coding budget per player across processes (PostgreSQL, Redis)", function () {
    this.timeout(120_000);
    let cluster: TestCluster;
    const url = (name: string) => cluster.processes.get(name)!.url;

    before(async function () {
      this.timeout(180_000);
      cluster = await startTestCluster(["a", "b"]);
    });
    after(async () => {
      await cluster?.close();
    });

    /** A new session of `user` whose room lives on process `name` (empty sessions elsewhere are ended). */
    async function sessionOn(name: string, user: { token: string }, askOn: string): Promise<Start> {
      for (let i = 0; i < 15; i++) {
        const start = await call<Start>(url(askOn), user.token, "POST", "/api/game/coding/start", { language: "rust" });
        assert.equal(start.status, 201, JSON.stringify(start.body));
        if (start.body.reservation.publicAddress?.endsWith(`/${name}`)) return start.body;
        await call(url(askOn), user.token, "POST", "/api/game/coding/end", { sessionId: start.body.sessionId });
        // A hub room placed like the coding room was (on the less loaded process) and left open:
        // it makes process `name` the less loaded one for the next start.
        const ballast = await matchmake(url(askOn), "create", "hub", user.token);
        assert.equal(ballast.status, 200, JSON.stringify(ballast.body));
        await statsRefresh();
      }
      throw new Error(`no coding room landed on ${name}`);
    }

    /** Joins the session's room through the front, sends 3 × 200 Rust lines, waits until each is settled. */
    async function sendLines(start: Start, user: { token: string }) {
      const room = await sdkClient(cluster.front.url, user.token).consumeSeatReservation(start.reservation as never);
      const refusals: string[] = [];
      room.onMessage("*", () => {});
      room.onMessage("coding_rejected", (m: { reason: string }) => refusals.push(m.reason));
      for (let i = 0; i < 3; i++) room.send("coding_update", { linesAdded: 200, language: "rust" });
      const settled = await eventually(async () => {
        const s = room.state as { acceptedUpdates?: number; rejectedUpdates?: number };
        return (s.acceptedUpdates ?? 0) + (s.rejectedUpdates ?? 0) === 3;
      }, 30_000);
      assert.ok(settled, "the room answered every update");
      return { room, refusals };
    }

    it("when a player spends the minute's lines on process A and starts again on process B, then B pays nothing more in that minute", async () => {
      const user = await registerOn(url("a"), "budget");
      const first = await sessionOn("a", user, "b");
      const spentAt = Date.now();
      const onA = await sendLines(first, user);
      assert.deepEqual(onA.refusals, []);
      // Ended through the other process: the room on A settles and pays.
      const ended = await call(url("b"), user.token, "POST", "/api/game/coding/end", { sessionId: first.sessionId });
      assert.equal(ended.status, 200, JSON.stringify(ended.body));
      assert.equal(ended.body.rewards.xp, 780);
      await onA.room.leave().catch(() => {});

      const second = await sessionOn("b", user, "a");
      const onB = await sendLines(second, user);
      const again = await call(url("a"), user.token, "POST", "/api/game/coding/end", { sessionId: second.sessionId });
      assert.equal(again.status, 200, JSON.stringify(again.body));
      await onB.room.leave().catch(() => {});
      const elapsed = Date.now() - spentAt;

      const profile = await call(url("b"), user.token, "GET", "/api/game/profile");
      const paidLines = (profile.body.experience * 10) / 13;
      // A slow machine may have let the window pass: then the budget has renewed, and only then.
      const windows = Math.floor(elapsed / CODING_CAPS.windowMs) + 1;
      assert.ok(paidLines <= CODING_CAPS.maxLinesPerWindow * windows, `${paidLines} lines in ${elapsed} ms`);
      if (windows === 1) {
        assert.equal(paidLines, CODING_CAPS.maxLinesPerWindow);
        assert.deepEqual(onB.refusals, ["rate_limited", "rate_limited", "rate_limited"]);
        assert.equal(again.body.session.linesWritten, 0);
      }
    });

    it("when 10 starts of one player arrive at both processes at once, then one session gets one room", async () => {
      const user = await registerOn(url("a"), "race");
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call<Start & { error?: { code: string } }>(
            url(i % 2 === 0 ? "a" : "b"),
            user.token,
            "POST",
            "/api/game/coding/start",
            {},
          ),
        ),
      );
      for (const a of answers) assert.ok([200, 201, 409].includes(a.status), `${a.status} ${JSON.stringify(a.body)}`);
      const seats = answers.filter((a) => a.status === 200 || a.status === 201);
      assert.ok(seats.length >= 1);
      assert.equal(seats.filter((a) => a.status === 201).length, 1);
      assert.equal(new Set(seats.map((a) => a.body.sessionId)).size, 1);
      assert.equal(new Set(seats.map((a) => a.body.roomId)).size, 1, "one room for the session");
      const sessions = await call(url("a"), user.token, "GET", "/api/game/coding/sessions");
      assert.equal(sessions.body.items.filter((s: { status: string }) => s.status === "active").length, 1);
      await call(url("a"), user.token, "POST", "/api/game/coding/end", { sessionId: seats[0]!.body.sessionId });
    });
  });
}
