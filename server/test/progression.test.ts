import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { grants, ledger, profiles, weeklyXp } from "../src/db/schema.ts";
import { AppError } from "../src/errors.ts";
import type { GrantInput } from "../src/services/progression/Progression.ts";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

async function ctx() {
  return (await testServer()).server.ctx;
}

async function ledgerSums(userId: string): Promise<Record<string, number>> {
  const c = await ctx();
  const rows = await c.db
    .select({ currency: ledger.currency, total: sql<string>`sum(${ledger.delta})` })
    .from(ledger)
    .where(eq(ledger.userId, userId))
    .groupBy(ledger.currency);
  const sums: Record<string, number> = { xp: 0, coins: 0, gems: 0 };
  for (const r of rows) sums[r.currency] = Number(r.total);
  return sums;
}

async function balances(userId: string) {
  const c = await ctx();
  const [p] = await c.db.select().from(profiles).where(eq(profiles.userId, userId));
  assert.ok(p);
  return p;
}

describe("progression grants", () => {
  it("when 50 grants for one user run at once, then XP and coins are exactly their sum", async () => {
    const c = await ctx();
    const user = await newUser("conc");
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        c.progression.grant({ userId: user.id, ref: `test:conc:${i}`, reason: "test", xp: i + 1, coins: 2 }),
      ),
    );
    const p = await balances(user.id);
    assert.equal(p.experience, (50 * 51) / 2);
    assert.equal(p.coins, 100);
    assert.equal(p.level, 4);
    assert.deepEqual(await ledgerSums(user.id), { xp: 1275, coins: 100, gems: 0 });
  });

  it("when the same ref is granted twice, then it pays once and the second says not applied", async () => {
    const c = await ctx();
    const user = await newUser("idem");
    const [a, b] = await Promise.all([
      c.progression.grant({ userId: user.id, ref: "test:once", reason: "test", xp: 40, coins: 5 }),
      c.progression.grant({ userId: user.id, ref: "test:once", reason: "test", xp: 40, coins: 5 }),
    ]);
    assert.deepEqual([a.applied, b.applied].sort(), [false, true]);
    const again = await c.progression.grant({ userId: user.id, ref: "test:once", reason: "test", xp: 40, coins: 5 });
    assert.equal(again.applied, false);
    assert.equal(again.experience, 40);
    const p = await balances(user.id);
    assert.equal(p.experience, 40);
    assert.equal(p.coins, 5);
    const rows = await c.db
      .select()
      .from(grants)
      .where(and(eq(grants.userId, user.id), eq(grants.ref, "test:once")));
    assert.equal(rows.length, 1);
  });

  it("when any sequence of grants and spends runs, then balances equal the ledger's sums and never go negative", async () => {
    const c = await ctx();
    const grantArb = fc.record({
      xp: fc.nat(300),
      coins: fc.integer({ min: -80, max: 120 }),
      gems: fc.integer({ min: -2, max: 3 }),
      repeatRef: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(grantArb, { minLength: 1, maxLength: 8 }), async (steps) => {
        const user = await newUser("prop");
        let lastRef = "test:prop:0";
        for (const [i, step] of steps.entries()) {
          const ref = step.repeatRef ? lastRef : `test:prop:${i + 1}`;
          lastRef = ref;
          await c.progression
            .grant({ userId: user.id, ref, reason: "test", xp: step.xp, coins: step.coins, gems: step.gems })
            .catch((err) => {
              if (!(err instanceof AppError && err.code === "INSUFFICIENT_FUNDS")) throw err;
            });
        }
        const p = await balances(user.id);
        const sums = await ledgerSums(user.id);
        assert.equal(p.experience, sums.xp);
        assert.equal(p.coins, sums.coins);
        assert.equal(p.gems, sums.gems);
        assert.ok(p.coins >= 0 && p.gems >= 0);
      }),
      { numRuns: 12 },
    );
  });

  it("when XP is granted, then this week's XP row grows by the same amount", async () => {
    const c = await ctx();
    const user = await newUser("week");
    await c.progression.grant({ userId: user.id, ref: "test:w1", reason: "test", xp: 30 });
    await c.progression.grant({ userId: user.id, ref: "test:w2", reason: "test", xp: 12 });
    const rows = await c.db.select().from(weeklyXp).where(eq(weeklyXp.userId, user.id));
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.experience, 42);
  });

  it("when a spend exceeds the balance, then 422 INSUFFICIENT_FUNDS and nothing changes", async () => {
    const c = await ctx();
    const user = await newUser("poor");
    await assert.rejects(
      c.progression.grant({ userId: user.id, ref: "test:spend", reason: "test", coins: -1 }),
      (err: AppError) => err.status === 422 && err.code === "INSUFFICIENT_FUNDS",
    );
    assert.deepEqual(await ledgerSums(user.id), { xp: 0, coins: 0, gems: 0 });
  });
});

describe("progression grants for a party", () => {
  const payParty = async (inputs: GrantInput[]) => {
    const c = await ctx();
    const pending = await c.db.transaction((tx) => c.progression.grantAllInTx(tx, inputs));
    for (const p of pending) await p.publish();
    return pending.map((p) => p.result);
  };
  const weekOf = async (userId: string) => {
    const c = await ctx();
    const rows = await c.db.select().from(weeklyXp).where(eq(weeklyXp.userId, userId));
    return rows.map((r) => r.experience);
  };

  it("when a party is paid in one call, then each player gets their own grant, quest and week's XP, once", async () => {
    const c = await ctx();
    const [a, b, d] = [await newUser("pa"), await newUser("pb"), await newUser("pc")];
    await c.progression.grant({ userId: a.id, ref: "test:before", reason: "test", xp: 10 });
    const clear = [{ kind: "dungeon_clear" as const, dungeonId: "slime_cave" }];
    const party: GrantInput[] = [
      { userId: a.id, ref: "test:party", reason: "test", xp: 5, coins: 3, events: clear },
      { userId: b.id, ref: "test:party", reason: "test", xp: 7, gems: 1, events: clear },
      { userId: d.id, ref: "test:party", reason: "test", coins: 2 },
    ];
    const paid = await payParty(party);
    assert.deepEqual(
      paid.map((r) => [r.applied, r.xpGained, r.coinsGained, r.gemsGained, r.experience]),
      [
        [true, 5, 3, 0, 15],
        [true, 7, 0, 1, 7],
        [true, 0, 2, 0, 0],
      ],
    );
    for (const [i, r] of paid.slice(0, 2).entries()) {
      const week = r.questsAdvanced.find((q) => q.templateId === "weekly_dungeons");
      assert.deepEqual(week?.progress, { dungeon_clears: 1 }, `player ${i} moved their dungeon quest`);
    }
    assert.deepEqual(paid[2]?.questsAdvanced, []);
    assert.deepEqual(await weekOf(a.id), [15]);
    assert.deepEqual(await weekOf(b.id), [7]);
    assert.deepEqual(await weekOf(d.id), []);

    const again = await payParty(party);
    assert.deepEqual(
      again.map((r) => r.applied),
      [false, false, false],
    );
    assert.deepEqual(await ledgerSums(a.id), { xp: 15, coins: 3, gems: 0 });
    assert.deepEqual(await ledgerSums(b.id), { xp: 7, coins: 0, gems: 1 });
    assert.deepEqual(await ledgerSums(d.id), { xp: 0, coins: 2, gems: 0 });
  });

  it("when one player's ref was paid already, then only the others are paid; a player twice is refused", async () => {
    const [a, b] = [await newUser("pd"), await newUser("pe")];
    await payParty([{ userId: a.id, ref: "test:half", reason: "test", xp: 4 }]);
    const paid = await payParty([
      { userId: a.id, ref: "test:half", reason: "test", xp: 4 },
      { userId: b.id, ref: "test:half", reason: "test", xp: 4 },
    ]);
    assert.deepEqual(
      paid.map((r) => [r.applied, r.experience]),
      [
        [false, 4],
        [true, 4],
      ],
    );
    await assert.rejects(
      payParty([
        { userId: b.id, ref: "test:twice:1", reason: "test", xp: 1 },
        { userId: b.id, ref: "test:twice:2", reason: "test", xp: 1 },
      ]),
      /one grant per player/,
    );
    assert.equal((await balances(b.id)).experience, 4);
  });

  it("when overlapping parties and single grants are paid at once, then none waits on another forever and every sum is exact", async () => {
    const c = await ctx();
    const users = [await newUser("pf"), await newUser("pg"), await newUser("ph")];
    const orders = [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2],
      [2, 0],
    ];
    await Promise.all([
      ...orders.map((order, k) =>
        payParty(order.map((i) => ({ userId: users[i]!.id, ref: `test:overlap:${k}`, reason: "test", xp: 1 }))),
      ),
      ...users.map((u) => c.progression.grant({ userId: u.id, ref: "test:overlap:single", reason: "test", xp: 1 })),
    ]);
    const expected = users.map((_, i) => orders.filter((o) => o.includes(i)).length + 1);
    const got = await Promise.all(users.map(async (u) => (await balances(u.id)).experience));
    assert.deepEqual(got, expected);
  });
});

describe("progression statistics and streak", () => {
  afterEach(async () => (await ctx()).clock.reset());

  it("when events are reported, then the profile's statistics count them", async () => {
    const c = await ctx();
    const user = await newUser("stats");
    await c.progression.grant({
      userId: user.id,
      ref: `test:${randomUUID()}`,
      reason: "test",
      xp: 10,
      events: [
        { kind: "lines_written", amount: 40, language: "python" },
        { kind: "lines_written", amount: 5, language: "rust" },
        { kind: "coding_minutes", amount: 12 },
        { kind: "challenge_attempt", status: "passed" },
        { kind: "challenge_attempt", status: "failed" },
        { kind: "dungeon_clear", dungeonId: "cave" },
        { kind: "items_bought", amount: 2 },
      ],
    });
    const res = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.statistics, {
      linesWritten: 45,
      linesByLanguage: { python: 40, rust: 5 },
      codingMinutes: 12,
      challengesPassed: 1,
      challengesFailed: 1,
      dungeonClears: 1,
      clashWins: 0,
      itemsBought: 2,
      codingDays: 0,
      longestStreak: 0,
    });
  });

  it("when coding days follow each other, then the streak grows; a missed day shows 0 and the next session makes it 1", async () => {
    const c = await ctx();
    const user = await newUser("streak");
    const day = 24 * 3600 * 1000;
    const codeToday = () =>
      c.progression.grant({
        userId: user.id,
        ref: `test:${randomUUID()}`,
        reason: "coding",
        xp: 5,
        events: [{ kind: "coding_day" }],
      });
    const streak = async () => (await api("GET", "/api/game/profile", { token: user.token })).body.codingStreak;

    assert.equal(await streak(), 0);
    await codeToday();
    await codeToday();
    assert.equal(await streak(), 1);
    c.clock.advance(day);
    await codeToday();
    assert.equal(await streak(), 2);
    c.clock.advance(day);
    assert.equal(await streak(), 2, "the streak survives the day after the last session");
    c.clock.advance(day);
    assert.equal(await streak(), 0, "a missed day resets it");
    await codeToday();
    assert.equal(await streak(), 1);
    const p = await balances(user.id);
    assert.equal((p.statistics as { longestStreak: number }).longestStreak, 2);
  });
});
