import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { ledger, users } from "../src/db/schema.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { joinCoding, until } from "./support/coding.ts";
import { testServer } from "./support/testServer.ts";

const dashboard = async (user: TestUser) => {
  const res = await api("GET", "/api/game/dashboard", { token: user.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};

describe("dashboard (GET /api/game/dashboard)", () => {
  afterEach(async () => (await testServer()).server.ctx.clock.reset());

  it("when a new player looks, then it shows level 1, no XP today, today's quests at 0 and nothing recent", async () => {
    const user = await newUser("dnew");
    const d = await dashboard(user);
    assert.equal(d.username, user.username);
    assert.equal(d.level, 1);
    assert.equal(d.todayXp, 0);
    assert.equal(d.codingStreak, 0);
    assert.ok(d.quests.some((q: { period: string }) => q.period === "DAILY"));
    assert.ok(
      d.quests.every((q: { requirements: { progress: number }[] }) => q.requirements.every((r) => r.progress === 0)),
    );
    assert.deepEqual(d.recentSessions, []);
    assert.deepEqual(d.recentBattles, []);
    // Level 1 is already a step towards the level badges; nothing else has started.
    assert.ok(d.badgesNearCompletion.length <= 3);
    for (const b of d.badgesNearCompletion) assert.match(b.id, /^level_/, JSON.stringify(b));
  });

  it("when the player codes, then quest progress, today's XP, the streak, the session and a nearly earned badge show", async () => {
    const user = await newUser("dcode");
    const { room, start } = await joinCoding(user, { projectName: "dash", language: "python" });
    room.send("coding_update", { linesAdded: 40, language: "python" });
    await until(() => room.state.linesWritten >= 40);
    const end = await api("POST", "/api/game/coding/end", {
      token: user.token,
      body: { sessionId: start.body.sessionId },
    });
    assert.equal(end.status, 200, JSON.stringify(end.body));
    const ended = end.body;
    await room.leave().catch(() => {});
    const d = await dashboard(user);
    assert.equal(d.todayXp, ended.rewards.xp);
    assert.ok(d.todayXp > 0);
    assert.equal(d.codingStreak, 1);
    assert.equal(d.recentSessions[0].id, start.body.sessionId);
    assert.equal(d.recentSessions[0].linesWritten, 40);
    const lines = d.quests.find((q: { templateId: string }) => q.templateId === "daily_lines");
    assert.ok(lines, JSON.stringify(d.quests.map((q: { templateId: string }) => q.templateId)));
    assert.equal(lines.requirements[0].progress, Math.min(40, lines.requirements[0].target));
    assert.ok(
      d.badgesNearCompletion.some((b: { id: string }) => !b.id.startsWith("level_")),
      JSON.stringify(d.badgesNearCompletion),
    );
    for (const b of d.badgesNearCompletion) assert.ok(b.current > 0 && b.current < b.target, JSON.stringify(b));
  });

  it("when XP was paid before the player's local midnight, then it is not today's (Pacific/Kiritimati, UTC+14)", async () => {
    const { server } = await testServer();
    const user = await newUser("dzone");
    await server.ctx.db.update(users).set({ timeZone: "Pacific/Kiritimati" }).where(eq(users.id, user.id));
    // 09:30 UTC is 23:30 in Kiritimati; 10:30 UTC is 00:30 the next local day.
    const grantAt = async (iso: string, xp: number) => {
      server.ctx.clock.advance(Date.parse(iso) - server.ctx.clock.now());
      await server.ctx.progression.grant({ userId: user.id, ref: `test:${randomUUID()}`, reason: "test", xp });
    };
    await grantAt("2030-06-01T09:30:00Z", 7);
    await grantAt("2030-06-01T10:30:00Z", 5);
    server.ctx.clock.advance(Date.parse("2030-06-01T11:00:00Z") - server.ctx.clock.now());
    const rows = await server.ctx.db.select().from(ledger).where(eq(ledger.userId, user.id));
    assert.equal(rows.length, 2);
    assert.equal((await dashboard(user)).todayXp, 5);
  });
});
