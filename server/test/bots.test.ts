import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { ledger, profiles, users, weeklyXp } from "../src/db/schema.ts";
import { removeBots } from "../src/services/auth/botAccounts.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { TEST_BOT_TOKEN, testServer } from "./support/testServer.ts";

/** Registers like the load scripts do (loadtest/src/lib/target.ts), with `header` as X-Bot-Registration. */
async function register(header?: string) {
  const username = `bot_${randomBytes(5).toString("hex")}`;
  const res = await api("POST", "/api/auth/register", {
    body: { username, email: `${username}@load.test`, password: "loadtest-password" },
    headers: header === undefined ? {} : { "x-bot-registration": header },
  });
  return { res, username };
}

async function newBot(): Promise<TestUser> {
  const { res, username } = await register(TEST_BOT_TOKEN);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.user.id, username, password: "", token: res.body.access_token, refreshToken: "" };
}

async function isBot(username: string): Promise<boolean | undefined> {
  const { server } = await testServer();
  const [row] = await server.ctx.db.select({ isBot: users.isBot }).from(users).where(eq(users.username, username));
  return row?.isBot;
}

const grantXp = async (userId: string, xp: number) =>
  (await testServer()).server.ctx.progression.grant({ userId, ref: `test:${randomUUID()}`, reason: "test", xp });

const board = async (period: "all" | "weekly", token?: string) => {
  const res = await api("GET", `/api/game/leaderboard?period=${period}&limit=100`, { token });
  assert.equal(res.status, 200);
  return res.body as { items: { userId: string; rank: number }[]; total: number };
};

describe("bot accounts", () => {
  it("when a player registers without the header, then the account is not a bot", async () => {
    const { res, username } = await register();
    assert.equal(res.status, 201);
    assert.equal(await isBot(username), false);
  });

  it("when the bot header carries a wrong, empty or near-miss token, then 403 and no account is made", async () => {
    for (const header of [
      "guess",
      "",
      TEST_BOT_TOKEN.slice(0, -1),
      `${TEST_BOT_TOKEN}x`,
      TEST_BOT_TOKEN.toUpperCase(),
    ]) {
      const { res, username } = await register(header);
      assert.equal(res.status, 403, `header ${JSON.stringify(header)}`);
      assert.equal(res.body.error.code, "FORBIDDEN");
      assert.equal(await isBot(username), undefined, "no account");
    }
  });

  it("when the bot header carries the server's token, then the account is a bot", async () => {
    const bot = await newBot();
    assert.equal(await isBot(bot.username), true);
  });

  it("when a bot earns the most XP, then no board lists, counts or ranks it and players keep their ranks", async () => {
    const { server } = await testServer();
    const player = await newUser("lbplayer");
    const bot = await newBot();
    // The player stays low (other tests expect their own players on top); the bot, were it ranked,
    // would be in every board's first 100 (and below the Redis score's 2^22 XP).
    await grantXp(player.id, 1_000);
    const rank = (userId: string, period: "all" | "weekly") =>
      server.ctx.leaderboard.rankOf(userId, period, server.ctx.clock.now());
    const before = {
      all: { board: await board("all"), rank: await rank(player.id, "all") },
      weekly: { board: await board("weekly"), rank: await rank(player.id, "weekly") },
    };
    await grantXp(bot.id, 2_000_000);
    for (const period of ["all", "weekly"] as const) {
      const after = await board(period, player.token);
      assert.ok(!after.items.some((i) => i.userId === bot.id), `${period}: the bot is not listed`);
      assert.equal(after.total, before[period].board.total, `${period}: the bot is not counted`);
      assert.ok(before[period].rank !== null);
      assert.equal(await rank(player.id, period), before[period].rank, `${period}: the bot is ahead of no one`);
      assert.equal(await rank(bot.id, period), null);
    }
    const progress = await api("GET", `/api/game/leaderboard/users/${bot.id}/progress`, { token: player.token });
    assert.equal(progress.status, 200);
    assert.equal(progress.body.rank, null);
    assert.equal(progress.body.experience, 2_000_000, "the bot's own XP is kept");
  });

  it("when bots are removed, then they and their data are gone in one go and players are untouched", async () => {
    const { server } = await testServer();
    const { db } = server.ctx;
    const player = await newUser("keep");
    const bots = [await newBot(), await newBot()];
    for (const u of [player, ...bots]) await grantXp(u.id, 50);
    const removed = await removeBots(db);
    assert.ok(removed.users >= 2);
    const botIds = bots.map((b) => b.id);
    assert.equal((await db.select().from(users).where(inArray(users.id, botIds))).length, 0);
    for (const table of [profiles, ledger, weeklyXp]) {
      assert.equal((await db.select().from(table).where(inArray(table.userId, botIds))).length, 0);
    }
    assert.equal((await db.select().from(users).where(eq(users.isBot, true))).length, 0);
    assert.equal((await db.select().from(profiles).where(eq(profiles.userId, player.id))).length, 1);
    assert.equal((await api("GET", "/api/game/profile", { token: player.token })).status, 200);
    const gone = await api("GET", "/api/game/profile", { token: bots[0]!.token });
    assert.equal(gone.status, 401, "a removed bot's token no longer works");
  });
});
