import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Quest } from "@levelup/shared";
import { and, eq } from "drizzle-orm";
import { ledger, quests } from "../src/db/schema.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

async function questsOf(user: TestUser): Promise<Quest[]> {
  const res = await api("GET", "/api/game/quests", { token: user.token });
  assert.equal(res.status, 200);
  return res.body.items;
}

async function writeLines(userId: string, amount: number) {
  const { server } = await testServer();
  return server.ctx.progression.grant({
    userId,
    ref: `test:${randomUUID()}`,
    reason: "coding",
    xp: amount,
    events: [{ kind: "lines_written", amount, language: "python" }],
  });
}

const claim = (user: TestUser, questId: string) =>
  api("POST", "/api/game/quests/complete", { token: user.token, body: { questId } });

describe("quests", () => {
  afterEach(async () => (await testServer()).server.ctx.clock.reset());

  it("when a player registers, then today's and this week's quests already exist, expiring at the period's UTC end", async () => {
    const { server } = await testServer();
    const user = await newUser("qreg");
    const rows = await server.ctx.db.select().from(quests).where(eq(quests.userId, user.id));
    assert.ok(rows.some((q) => q.period === "DAILY"));
    assert.ok(rows.some((q) => q.period === "WEEKLY"));
    const list = await questsOf(user);
    assert.equal(list.length, rows.length);
    const daily = list.find((q) => q.templateId === "daily_lines");
    assert.ok(daily);
    assert.match(daily.expiresAt, /T00:00:00\.000Z$/);
    const weekly = list.find((q) => q.templateId === "weekly_lines");
    assert.equal(new Date(weekly!.expiresAt).getUTCDay(), 1, "weekly quests expire on a Monday");
  });

  it("when lines are written, then the lines quests advance and the grant reports them", async () => {
    const user = await newUser("qadv");
    const r = await writeLines(user.id, 20);
    const advanced = r.questsAdvanced.map((q) => q.templateId).sort();
    assert.deepEqual(advanced, ["daily_lines", "weekly_lines"]);
    const daily = (await questsOf(user)).find((q) => q.templateId === "daily_lines")!;
    assert.equal(daily.requirements[0]?.progress, 20);
    assert.equal(daily.status, "active");
  });

  it("when a quest is unmet, then claiming is 422 REQUIREMENTS_UNMET; when met, it pays once, then 409", async () => {
    const user = await newUser("qclaim");
    const daily = (await questsOf(user)).find((q) => q.templateId === "daily_lines")!;
    const early = await claim(user, daily.id);
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, "REQUIREMENTS_UNMET");

    await writeLines(user.id, 60);
    const ok = await claim(user, daily.id);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.rewards, { xp: 50, coins: 20, gems: 0 });
    assert.equal(ok.body.experience, 110);
    assert.equal(ok.body.coins, 20);

    const again = await claim(user, daily.id);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "ALREADY_CLAIMED");
    const listed = (await questsOf(user)).find((q) => q.id === daily.id)!;
    assert.equal(listed.status, "claimed");
  });

  it("when a claim is raced 20 times, then it pays once and the others are 409", async () => {
    const { server } = await testServer();
    const user = await newUser("qrace");
    await writeLines(user.id, 50);
    const daily = (await questsOf(user)).find((q) => q.templateId === "daily_lines")!;
    const results = await Promise.all(Array.from({ length: 20 }, () => claim(user, daily.id)));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.equal(results.filter((r) => r.status === 409).length, 19);
    const paid = await server.ctx.db
      .select()
      .from(ledger)
      .where(and(eq(ledger.userId, user.id), eq(ledger.ref, `quest:${daily.id}`)));
    assert.deepEqual(paid.map((l) => [l.currency, l.delta]).sort(), [
      ["coins", 20],
      ["xp", 50],
    ]);
    const profile = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(profile.body.coins, 20);
  });

  it("when a completed daily quest is claimed after its day ended, then 410 QUEST_EXPIRED and new daily quests appear", async () => {
    const { server } = await testServer();
    const user = await newUser("qexp");
    await writeLines(user.id, 50);
    const daily = (await questsOf(user)).find((q) => q.templateId === "daily_lines")!;
    server.ctx.clock.advance(new Date(daily.expiresAt).getTime() - server.ctx.clock.now() + 1000);
    const late = await claim(user, daily.id);
    assert.equal(late.status, 410);
    assert.equal(late.body.error.code, "QUEST_EXPIRED");
    const next = (await questsOf(user)).find((q) => q.templateId === "daily_lines")!;
    assert.notEqual(next.id, daily.id);
    assert.equal(next.requirements[0]?.progress, 0);
  });

  it("when the list was read this week and a new week begins, then the new week's quests are listed at the first look", async () => {
    const { server } = await testServer();
    const user = await newUser("qweek");
    const weekly = (await questsOf(user)).filter((q) => q.period === "WEEKLY");
    assert.ok(weekly.length > 0);
    assert.deepEqual(
      (await questsOf(user)).filter((q) => q.period === "WEEKLY").map((q) => q.id),
      weekly.map((q) => q.id),
      "the same week lists the same quests",
    );
    server.ctx.clock.advance(new Date(weekly[0]!.expiresAt).getTime() - server.ctx.clock.now() + 1000);
    const next = (await questsOf(user)).filter((q) => q.period === "WEEKLY");
    assert.equal(next.length, weekly.length);
    for (const q of next) {
      assert.ok(!weekly.some((w) => w.id === q.id), "a new quest, not last week's");
      assert.ok(new Date(q.expiresAt).getTime() > server.ctx.clock.now());
    }
  });

  it("when another player's or an unknown quest is claimed, then 404; a malformed id is 400", async () => {
    const owner = await newUser("qown");
    const other = await newUser("qoth");
    const daily = (await questsOf(owner)).find((q) => q.templateId === "daily_lines")!;
    assert.equal((await claim(other, daily.id)).status, 404);
    assert.equal((await claim(other, randomUUID())).status, 404);
    assert.equal((await claim(other, "nope")).status, 400);
  });
});
