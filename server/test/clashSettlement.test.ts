import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { CLASH_PAID_PER_DAY, clashReward } from "@levelup/shared";
import { and, eq, inArray } from "drizzle-orm";
import {
  clashPaidDays,
  clashRatings,
  clashResults,
  ledger,
  profiles,
  quests,
  userBadges,
  users,
} from "../src/db/schema.ts";
import type { AppError } from "../src/errors.ts";
import type { ClashPlayerResult, ClashSettlementInput } from "../src/services/clashes/types.ts";
import { playerFrom } from "./challengesFixtures.ts";
import type { TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

async function ctx() {
  return (await testServer()).server.ctx;
}

let network = 0;
/** Players registered from networks of their own: not linked to each other (AccountLinks). */
async function strangers(n: number, prefix = "clash"): Promise<TestUser[]> {
  const made: TestUser[] = [];
  for (let i = 0; i < n; i++) {
    network++;
    made.push(await playerFrom(prefix, `198.18.${(process.pid + network) % 250}.${network % 250}`));
  }
  return made;
}

function line(user: TestUser, place: number, extra: Partial<ClashPlayerResult> = {}): ClashPlayerResult {
  return {
    userId: user.id,
    place,
    passed: 5,
    total: 5,
    timeMs: 30_000 * place,
    codeLength: 80,
    forfeited: false,
    ...extra,
  };
}

function clash(players: ClashPlayerResult[], extra: Partial<ClashSettlementInput> = {}): ClashSettlementInput {
  return {
    clashId: `test-${randomUUID()}`,
    mode: "fastest",
    difficulty: "easy",
    problemId: "sum-of-two",
    startedAt: new Date(Date.now() - 120_000),
    players,
    ...extra,
  };
}

async function balance(user: TestUser): Promise<{ experience: number; coins: number }> {
  const c = await ctx();
  const [p] = await c.db
    .select({ experience: profiles.experience, coins: profiles.coins })
    .from(profiles)
    .where(eq(profiles.userId, user.id));
  assert.ok(p);
  return p;
}

async function ratingRows(players: TestUser[]) {
  const c = await ctx();
  return c.db
    .select()
    .from(clashRatings)
    .where(
      inArray(
        clashRatings.userId,
        players.map((p) => p.id),
      ),
    );
}

describe("clash settlement", () => {
  before(async function () {
    // The test server boots on first use, which takes long on a busy machine.
    this.timeout(180_000);
    await testServer();
  });
  afterEach(async () => (await ctx()).clock.reset());

  it("when three strangers finish a clash, then each is paid by place, rated, and ratingOf returns the new rating", async () => {
    const c = await ctx();
    const [a, b, d] = await strangers(3);
    assert.ok(a && b && d);
    const before = await Promise.all([a, b, d].map(balance));
    assert.deepEqual(await c.clashes.ratingOf(a.id), { rating: 1500, deviation: 350, games: 0, provisional: true });

    const settlement = await c.clashes.settle(clash([line(a, 1), line(b, 2), line(d, 3)], { difficulty: "medium" }));

    assert.equal(settlement.rated, true);
    assert.deepEqual(
      settlement.outcomes.map((o) => o.userId),
      [a.id, b.id, d.id],
    );
    for (const [i, o] of settlement.outcomes.entries()) {
      const reward = clashReward("medium", i + 1, 3, { passed: 5, forfeited: false });
      assert.deepEqual({ xp: o.xp, coins: o.coins }, reward, `place ${i + 1}`);
      const now = await balance([a, b, d][i] as TestUser);
      assert.equal(now.experience - (before[i]?.experience ?? 0), reward.xp);
      assert.equal(now.coins - (before[i]?.coins ?? 0), reward.coins);
      assert.equal(o.ratingBefore, 1500);
      assert.equal(o.provisional, true);
    }
    assert.deepEqual(
      settlement.outcomes.map((o) => o.xp),
      [60, 38, 15],
    );
    const [first, second, third] = settlement.outcomes;
    assert.ok(first && second && third);
    assert.ok(first.ratingAfter > 1500 && third.ratingAfter < 1500, JSON.stringify(settlement.outcomes));
    assert.equal(second.ratingAfter, 1500);

    const rating = await c.clashes.ratingOf(a.id);
    assert.equal(rating.rating, first.ratingAfter);
    assert.equal(rating.games, 1);
    assert.ok(rating.deviation < 350);
    const rows = await ratingRows([a, b, d]);
    assert.deepEqual(rows.map((r) => [r.games, r.wins]).sort(), [
      [1, 0],
      [1, 0],
      [1, 1],
    ]);
    const paid = await c.db
      .select()
      .from(ledger)
      .where(and(eq(ledger.userId, a.id), eq(ledger.reason, "clash")));
    assert.deepEqual(paid.map((r) => r.currency).sort(), ["coins", "xp"]);
  });

  it("when a settlement is retried, and when two settlements of one clash run at once, then it is rated and paid once", async () => {
    const c = await ctx();
    const [a, b] = await strangers(2);
    assert.ok(a && b);
    const input = clash([line(a, 1), line(b, 2)]);
    const first = await c.clashes.settle(input);
    const again = await c.clashes.settle({ ...input, players: [line(a, 2), line(b, 1)] });
    assert.deepEqual(again, first, "the retry returns the first settlement, whatever it is given");
    assert.equal((await balance(a)).experience, 40);
    assert.equal((await c.clashes.ratingOf(a.id)).games, 1);

    const [x, y] = await strangers(2);
    assert.ok(x && y);
    const twice = clash([line(x, 1), line(y, 2)], { difficulty: "hard" });
    const [one, two] = await Promise.all([c.clashes.settle(twice), c.clashes.settle(twice)]);
    assert.deepEqual(one, two);
    assert.equal((await balance(x)).experience, 80);
    assert.equal((await balance(x)).coins, 20);
    assert.deepEqual(
      (await ratingRows([x, y])).map((r) => r.games),
      [1, 1],
    );
    const stored = await c.db.select().from(clashResults).where(eq(clashResults.clashId, twice.clashId));
    assert.equal(stored.length, 1);
    assert.equal(stored[0]?.rated, true);
    assert.equal(stored[0]?.standings.length, 2);
  });

  it(`when a player has been paid ${CLASH_PAID_PER_DAY} clashes today, then the next one is rated but pays nothing until their next day`, async () => {
    const c = await ctx();
    const [a, b] = await strangers(2);
    assert.ok(a && b);
    // A fixed instant away from midnight in the player's zone, so that every clash falls on one day.
    c.clock.advance(Date.parse("2031-03-10T12:00:00Z") - c.clock.now());
    for (let i = 0; i < CLASH_PAID_PER_DAY; i++) {
      const s = await c.clashes.settle(clash([line(a, 1), line(b, 2)]));
      assert.equal(s.outcomes[0]?.xp, 40, `clash ${i + 1}`);
    }
    const xpBefore = (await balance(a)).experience;
    const capped = await c.clashes.settle(clash([line(a, 1), line(b, 2)]));
    assert.equal(capped.rated, true);
    assert.deepEqual(
      capped.outcomes.map((o) => [o.xp, o.coins]),
      [
        [0, 0],
        [0, 0],
      ],
    );
    assert.equal((await balance(a)).experience, xpBefore);
    assert.equal((await c.clashes.ratingOf(a.id)).games, CLASH_PAID_PER_DAY + 1, "still rated");
    assert.ok(capped.outcomes[0] && capped.outcomes[0].ratingAfter > capped.outcomes[0].ratingBefore);
    const [counter] = await c.db
      .select()
      .from(clashPaidDays)
      .where(and(eq(clashPaidDays.userId, a.id), eq(clashPaidDays.day, "2031-03-10")));
    assert.equal(counter?.paid, CLASH_PAID_PER_DAY);

    c.clock.advance(24 * 3600 * 1000);
    const nextDay = await c.clashes.settle(clash([line(a, 1), line(b, 2)]));
    assert.equal(nextDay.outcomes[0]?.xp, 40);
  });

  it("when two players of a clash are linked accounts, then neither is rated nor paid, and the others are ranked without them", async () => {
    const c = await ctx();
    const ip = "198.19.77.1";
    const main = await playerFrom("clmain", ip);
    const alt = await playerFrom("clalt", ip);
    const [stranger, other] = await strangers(2);
    assert.ok(stranger && other);
    const before = await Promise.all([main, alt].map(balance));

    const s = await c.clashes.settle(clash([line(alt, 1), line(main, 2), line(stranger, 3), line(other, 4)]));
    assert.equal(s.rated, true);
    const [o1, o2, o3, o4] = s.outcomes;
    assert.ok(o1 && o2 && o3 && o4);
    for (const o of [o1, o2]) {
      assert.deepEqual([o.xp, o.coins, o.ratingBefore, o.ratingAfter], [0, 0, 1500, 1500]);
    }
    assert.deepEqual(await Promise.all([main, alt].map(balance)), before);
    assert.deepEqual(await ratingRows([main, alt]), []);
    assert.deepEqual([o3.xp, o3.coins], [40, 10], "the stranger is first among the rated players");
    assert.deepEqual([o4.xp, o4.coins], [10, 3]);
    assert.ok(o3.ratingAfter > 1500);

    const pair = await c.clashes.settle(clash([line(main, 1), line(alt, 2)]));
    assert.deepEqual(pair, {
      rated: false,
      outcomes: [main, alt].map((u) => ({
        userId: u.id,
        ratingBefore: 1500,
        ratingAfter: 1500,
        provisional: true,
        xp: 0,
        coins: 0,
      })),
    });
    assert.deepEqual(await ratingRows([main, alt]), []);
    assert.deepEqual(await Promise.all([main, alt].map(balance)), before);
  });

  it("when a player forfeits, then they are rated as last and paid nothing, and a player without a pass is paid nothing", async () => {
    const c = await ctx();
    const [a, b, d] = await strangers(3);
    assert.ok(a && b && d);
    const s = await c.clashes.settle(
      clash([
        line(a, 1),
        line(b, 2, { passed: 0, timeMs: 90_000 }),
        line(d, 3, { forfeited: true, passed: 4, timeMs: 20_000 }),
      ]),
    );
    const [oa, ob, od] = s.outcomes;
    assert.ok(oa && ob && od);
    assert.deepEqual([oa.xp, ob.xp, od.xp], [40, 0, 0]);
    assert.ok(od.ratingAfter < 1500);
    assert.equal((await balance(d)).experience, 0);
    assert.equal((await c.clashes.ratingOf(d.id)).games, 1);
  });

  it("when the winner wins a clash, then their daily clash quest advances and they earn the first-win badge; the loser neither", async () => {
    const c = await ctx();
    const [winner, loser] = await strangers(2);
    assert.ok(winner && loser);
    await c.clashes.settle(clash([line(winner, 1), line(loser, 2)]));
    const questOf = async (u: TestUser) =>
      (
        await c.db
          .select({ progress: quests.progress, status: quests.status })
          .from(quests)
          .where(and(eq(quests.userId, u.id), eq(quests.templateId, "daily_clash")))
      )[0];
    assert.deepEqual(await questOf(winner), { progress: { clash_wins: 1 }, status: "completed" });
    assert.notEqual((await questOf(loser))?.status, "completed");
    const badgesOf = async (u: TestUser) =>
      (await c.db.select().from(userBadges).where(eq(userBadges.userId, u.id))).map((r) => r.badgeId);
    assert.ok((await badgesOf(winner)).includes("first_clash_win"));
    assert.ok(!(await badgesOf(loser)).includes("first_clash_win"));
  });

  it("when the settlement input is bad, then 400 VALIDATION_FAILED and nothing is written", async () => {
    const c = await ctx();
    const [a, b] = await strangers(2);
    assert.ok(a && b);
    const bad: ClashSettlementInput[] = [
      clash([line(a, 1), line(a, 2)]),
      clash([line(a, 1), line(b, 2, { passed: 6 })]),
      clash([line(a, 0), line(b, 1)]),
      clash([line(a, 1), line(b, 2)], { clashId: "" }),
      clash([line(a, 1), { ...line(b, 2), userId: "not-a-uuid" }]),
      { ...clash([line(a, 1), line(b, 2)]), mode: "slowest" as never },
    ];
    for (const input of bad) {
      await assert.rejects(
        c.clashes.settle(input),
        (err: AppError) => err.status === 400 && err.code === "VALIDATION_FAILED",
        JSON.stringify(input),
      );
      const rows = await c.db.select().from(clashResults).where(eq(clashResults.clashId, input.clashId));
      assert.equal(rows.length, 0);
    }
    assert.deepEqual(await ratingRows([a, b]), []);
  });
});

describe("clash ladder", () => {
  before(async function () {
    this.timeout(180_000);
    await testServer();
  });

  it("when players are rated, then the ladder has the top, the caller's rank and two neighbours each side, without bots", async () => {
    const c = await ctx();
    const players = await strangers(8, "ladder");
    // Far above any rating other tests make, so that these are the ladder's top whatever ran before.
    const ratings = [9900, 9800, 9700, 9600, 9500, 9500, 9400, 9300];
    const games = [3, 8, 9, 9, 9, 12, 7, 6];
    await c.db.insert(clashRatings).values(
      players.map((p, i) => ({
        userId: p.id,
        rating: ratings[i] as number,
        deviation: 60,
        volatility: 0.06,
        games: games[i] as number,
        wins: 1,
      })),
    );
    const bot = players[1] as TestUser;
    await c.db.update(users).set({ isBot: true }).where(eq(users.id, bot.id));
    // Without the bot, by rating then games: p0, p2, p3, p5 (12 games) before p4 (9), p6, p7.
    const order = [0, 2, 3, 5, 4, 6, 7].map((i) => players[i] as TestUser);

    const me = order[3] as TestUser;
    const ladder = await c.clashes.ladder(me.id, 3);
    assert.deepEqual(
      ladder.top.map((r) => [r.userId, r.rank]),
      order.slice(0, 3).map((p, i) => [p.id, i + 1]),
    );
    assert.equal(ladder.top[0]?.provisional, true, "3 games");
    assert.equal(ladder.top[1]?.provisional, false);
    assert.equal(ladder.top[0]?.username, order[0]?.username);
    assert.deepEqual(ladder.me && [ladder.me.userId, ladder.me.rank, ladder.me.rating, ladder.me.games], [
      me.id,
      4,
      9500,
      12,
    ]);
    assert.deepEqual(
      ladder.neighbours.map((r) => [r.userId, r.rank]),
      [order[1], order[2], order[4], order[5]].map((p, i) => [(p as TestUser).id, [2, 3, 5, 6][i]]),
    );

    const top = await c.clashes.ladder((order[0] as TestUser).id, 1);
    assert.equal(top.me?.rank, 1);
    assert.deepEqual(
      top.neighbours.map((r) => r.rank),
      [2, 3],
    );
    // Players of other tests, rated near 1500, come below the last of these.
    const last = await c.clashes.ladder((order[6] as TestUser).id, 100);
    assert.equal(last.me?.rank, 7);
    assert.deepEqual(
      last.neighbours.slice(0, 2).map((r) => [r.userId, r.rank]),
      [order[4], order[5]].map((p, i) => [(p as TestUser).id, 5 + i]),
    );
    assert.ok(last.neighbours.slice(2).every((r, i) => r.rank === 8 + i && r.rating < 9300));
    assert.ok(!last.top.some((r) => r.userId === bot.id));
    assert.equal((await c.clashes.ladder(bot.id, 5)).me, null);

    const [newcomer] = await strangers(1);
    const fresh = await c.clashes.ladder((newcomer as TestUser).id, 5);
    assert.equal(fresh.me, null);
    assert.deepEqual(fresh.neighbours, []);
    assert.equal(fresh.top.length, 5);
  });
});
