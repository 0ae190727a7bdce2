import assert from "node:assert/strict";
import { matchMaker } from "@colyseus/core";
import { and, eq } from "drizzle-orm";
import { CODING_CAPS } from "@levelup/shared/rules/coding";
import { codingSessions, profiles } from "../src/db/schema.ts";
import type { PendingUpdate } from "../src/services/coding/settlement.ts";
import { api, makeAdmin, newUser, type TestUser } from "./support/api.ts";
import { joinCoding, nextMessage, until } from "./support/coding.ts";
import { TEST_METRICS_TOKEN, testServer } from "./support/testServer.ts";

async function experienceOf(user: TestUser): Promise<number> {
  const { server } = await testServer();
  const [row] = await server.ctx.db.select().from(profiles).where(eq(profiles.userId, user.id));
  return row?.experience ?? -1;
}

async function sessionRow(sessionId: string) {
  const { server } = await testServer();
  const [row] = await server.ctx.db.select().from(codingSessions).where(eq(codingSessions.id, sessionId));
  if (!row) throw new Error("no session row");
  return row;
}

const end = (user: TestUser, sessionId: string) =>
  api("POST", "/api/game/coding/end", { token: user.token, body: { sessionId } });

/** Moves the server's clock for the duration of `fn`, then back. */
async function withClock<T>(fn: (advance: (ms: number) => void) => Promise<T>): Promise<T> {
  const { server } = await testServer();
  let moved = 0;
  try {
    return await fn((ms) => {
      server.ctx.clock.advance(ms);
      moved += ms;
    });
  } finally {
    server.ctx.clock.advance(-moved);
  }
}

describe("coding budget per player (issue 13)", () => {
  before(async function () {
    // Booting the server (migrations, content) is slow on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  it("when a player cycles sessions (3 × 200 Rust lines, end, restart) for a simulated minute, then no more than 600 lines are paid in it", async function () {
    this.timeout(180_000);
    const user = await newUser("cycler");
    const { server } = await testServer();
    const { paidLines, refusals, elapsed } = await withClock(async (advance) => {
      const from = server.ctx.clock.now();
      let refusals = 0;
      for (let cycle = 0; cycle < 10; cycle++) {
        const { room, start } = await joinCoding(user, { language: "rust" });
        assert.equal(start.status, 201, "each cycle is a new session");
        const rejected: string[] = [];
        room.onMessage("coding_rejected", (m: { reason: string }) => rejected.push(m.reason));
        for (let i = 0; i < 3; i++) room.send("coding_update", { linesAdded: 200, language: "rust" });
        await until(() => room.state.acceptedUpdates + room.state.rejectedUpdates === 3);
        refusals += rejected.filter((r) => r === "rate_limited").length;
        const ended = await end(user, start.body.sessionId);
        assert.equal(ended.status, 200);
        await room.leave().catch(() => {});
        advance(5_000);
      }
      const { items } = (await api("GET", "/api/game/coding/sessions?limit=20", { token: user.token })).body;
      const paidLines = items.reduce((sum: number, s: { linesWritten: number }) => sum + s.linesWritten, 0);
      return { paidLines, refusals, elapsed: server.ctx.clock.now() - from };
    });
    // 50 simulated seconds plus the real time the cycles took (a loaded machine may need more than one window).
    const windows = Math.floor(elapsed / CODING_CAPS.windowMs) + 1;
    assert.ok(paidLines <= CODING_CAPS.maxLinesPerWindow * windows, `${paidLines} lines in ${elapsed} ms`);
    if (windows === 1) assert.equal(paidLines, CODING_CAPS.maxLinesPerWindow);
    assert.equal(refusals, 30 - paidLines / 200, "every update over the budget was refused and the client told");
    assert.equal(await experienceOf(user), (paidLines * 13) / 10);
  });

  it("when the minute has passed, then the budget renews and a new session is paid again", async () => {
    const user = await newUser("renew");
    await withClock(async (advance) => {
      for (let cycle = 0; cycle < 2; cycle++) {
        const { room, start } = await joinCoding(user, { language: "python" });
        for (let i = 0; i < 3; i++) room.send("coding_update", { linesAdded: 200, language: "python" });
        await until(() => room.state.acceptedUpdates === 3);
        assert.equal((await end(user, start.body.sessionId)).body.rewards.xp, 600);
        await room.leave().catch(() => {});
        advance(CODING_CAPS.windowMs + 1_000);
      }
    });
    assert.equal(await experienceOf(user), 1200);
  });

  it("when a room's batch holds more lines than the player's budget allows, then settlement pays the budget only and names the rule", async () => {
    const { server } = await testServer();
    const user = await newUser("batch");
    const { session } = await server.ctx.coding.start(user.id, { language: "go" });
    assert.ok(await server.ctx.coding.claimRoom(session.id, null, "room-under-test"));
    const now = server.ctx.clock.now();
    const updates: PendingUpdate[] = Array.from({ length: 5 }, (_, seq) => ({
      seq,
      at: now,
      language: "go",
      linesAdded: 200,
      linesRemoved: 0,
      characters: 4000,
      newFile: seq === 0,
    }));
    const before = await scrapeRefusals("coding.lines_per_minute");
    const result = await server.ctx.coding.settle(user.id, session.id, "room-under-test", updates);
    assert.equal(result.status, "active");
    assert.ok(result.status === "active");
    assert.equal(result.figures.linesWritten, 600);
    assert.deepEqual(
      result.refusals.map((r) => [r.seq, r.reason, r.rule]),
      [
        [3, "rate_limited", "coding.lines_per_minute"],
        [4, "rate_limited", "coding.lines_per_minute"],
      ],
    );
    assert.equal(result.grant?.xpGained, 720);
    // Settling the same batch again (a retry after a lost reply) pays nothing more.
    const again = await server.ctx.coding.settle(user.id, session.id, "room-under-test", updates);
    assert.ok(again.status === "active");
    assert.equal(again.figures.linesWritten, 600);
    assert.equal(again.grant, undefined);
    assert.equal(await experienceOf(user), 720);
    assert.equal((await scrapeRefusals("coding.lines_per_minute")) - before, 2);
    // Another room id (a left-over room) cannot settle.
    assert.deepEqual(await server.ctx.coding.settle(user.id, session.id, "left-over", updates), { status: "moved" });
  });

  it("when 10 starts arrive at once, then one session gets one room: every answer is its seat or a 409", async () => {
    const user = await newUser("racer");
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => api("POST", "/api/game/coding/start", { token: user.token, body: {} })),
    );
    const seats = answers.filter((a) => a.status === 200 || a.status === 201);
    for (const a of answers) assert.ok([200, 201, 409].includes(a.status), `${a.status} ${JSON.stringify(a.body)}`);
    assert.ok(seats.length >= 1);
    assert.equal(seats.filter((a) => a.status === 201).length, 1, "one start created the session");
    assert.equal(new Set(seats.map((a) => a.body.sessionId)).size, 1);
    assert.equal(new Set(seats.map((a) => a.body.roomId)).size, 1);
    const sessionId = seats[0]!.body.sessionId as string;
    const { server } = await testServer();
    const active = await server.ctx.db
      .select()
      .from(codingSessions)
      .where(and(eq(codingSessions.userId, user.id), eq(codingSessions.status, "active")));
    assert.equal(active.length, 1);
    const rooms = (await matchMaker.query({ name: "coding" })).filter((r) => r.roomId === active[0]!.roomId);
    assert.equal(rooms.length, 1);
    await end(user, sessionId);
  });

  it("when a room's session moved to another room, then the left-over room pays nothing and cannot end the session", async () => {
    const { server } = await testServer();
    const user = await newUser("leftover");
    const { room, start } = await joinCoding(user, { language: "rust" });
    const closed = new Promise<void>((resolve) => room.onLeave(() => resolve()));
    // As when a new start took the session over from a room it could not reach.
    assert.ok(await server.ctx.coding.claimRoom(start.body.sessionId, room.roomId, "elsewhere"));
    room.send("coding_update", { linesAdded: 50, language: "rust" });
    await closed;
    const row = await sessionRow(start.body.sessionId);
    assert.equal(row.status, "active", "the left-over room did not end the session");
    assert.equal(row.linesWritten, 0);
    assert.equal(await experienceOf(user), 0);
  });

  it("when updates carry the extremes (10 million characters, a million removed lines) past 32 bits, then counting, saving and ending still work", async () => {
    const { server } = await testServer();
    const user = await newUser("overflow");
    const { room, start } = await joinCoding(user, { language: "c" });
    const big = 2 ** 31 - 1;
    // As after ~240 updates of 10 million characters under the old 32-bit counters.
    await server.ctx.db
      .update(codingSessions)
      .set({ charactersTyped: big, linesRemoved: big })
      .where(eq(codingSessions.id, start.body.sessionId));
    for (let i = 0; i < 3; i++) {
      room.send("coding_update", { linesAdded: 200, linesRemoved: 1_000_000, characters: 10_000_000, language: "c" });
    }
    room.send("coding_update", { linesAdded: 0, characters: 10_000_000 });
    await until(async () => (await sessionRow(start.body.sessionId)).acceptedUpdates === 4, 20_000);
    const saved = await sessionRow(start.body.sessionId);
    assert.equal(saved.linesRemoved, big + 3_000_000);
    // Characters count at most 1,000 per added line (1,000 for an update without lines).
    assert.equal(saved.charactersTyped, big + 3 * 200_000 + 1_000);
    await until(() => room.state.charactersTyped === big + 601_000);

    // Up to the largest exact integer: sums stop there instead of overflowing.
    await server.ctx.db
      .update(codingSessions)
      .set({ charactersTyped: Number.MAX_SAFE_INTEGER - 10, linesRemoved: Number.MAX_SAFE_INTEGER - 10 })
      .where(eq(codingSessions.id, start.body.sessionId));
    room.send("coding_update", { linesAdded: 0, linesRemoved: 1_000_000, characters: 10_000_000, language: "c" });
    await until(async () => (await sessionRow(start.body.sessionId)).acceptedUpdates === 5, 20_000);
    // The 32-bit room state shows its maximum.
    await until(() => room.state.charactersTyped === 2 ** 32 - 1 && room.state.linesRemoved === 2 ** 32 - 1);
    const ended = await end(user, start.body.sessionId);
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    assert.equal(ended.body.session.charactersTyped, Number.MAX_SAFE_INTEGER);
    assert.equal(ended.body.session.linesRemoved, Number.MAX_SAFE_INTEGER);
    assert.equal(ended.body.session.linesWritten, 600);
    assert.equal(ended.body.rewards.xp, 780);
    await room.leave().catch(() => {});
  });

  it("when a player is refused repeatedly, then /metrics counts the rule and the admin listing names the player", async () => {
    const { server } = await testServer();
    const cheater = await newUser("cheater");
    const admin = await makeAdmin(await newUser("admin"));
    const { room, start } = await joinCoding(cheater);
    const refused = nextMessage(room, "coding_rejected");
    room.send("coding_update", { linesAdded: 201 });
    for (let i = 0; i < 4; i++) room.send("coding_update", { linesAdded: 200 });
    assert.equal((await refused).reason, "too_many_lines");
    await until(() => room.state.rejectedUpdates === 2);
    await server.ctx.refusals.flush();

    const metrics = (await api("GET", "/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } }))
      .body as string;
    assert.match(metrics, /levelup_integrity_refusals_total\{rule="coding.lines_per_update"\} [1-9]/);
    assert.match(metrics, /levelup_integrity_refusals_total\{rule="coding.lines_per_minute"\} [1-9]/);

    const list = await api("GET", "/api/admin/integrity/offenders?min=2&limit=100", { token: admin.token });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const entry = list.body.items.find((o: { userId: string }) => o.userId === cheater.id);
    assert.deepEqual(entry?.rules, { "coding.lines_per_update": 1, "coding.lines_per_minute": 1 });
    assert.equal(entry?.total, 2);
    assert.equal(entry?.username, cheater.username);

    const page = await api("GET", "/api/admin/integrity/offenders?limit=1", { token: admin.token });
    assert.equal(page.body.items.length, 1);
    assert.equal(page.body.nextOffset === null || page.body.nextOffset === 1, true);
    assert.equal((await api("GET", "/api/admin/integrity/offenders", { token: cheater.token })).status, 403);
    assert.equal((await api("GET", "/api/admin/integrity/offenders")).status, 401);
    assert.equal((await api("GET", "/api/admin/integrity/offenders?limit=0", { token: admin.token })).status, 400);
    await end(cheater, start.body.sessionId);
    await room.leave().catch(() => {});
  });
});

/** The /metrics value of one refusal rule (0 when absent). */
async function scrapeRefusals(rule: string): Promise<number> {
  const text = (await api("GET", "/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } }))
    .body as string;
  const line = text.split("\n").find((l) => l.startsWith(`levelup_integrity_refusals_total{rule="${rule}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}
