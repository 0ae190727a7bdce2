import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import {
  type BattleState,
  createBattle,
  dungeonById,
  type InventoryItem,
  type Quest,
  type UserProgress,
} from "@levelup/shared";
import { eq } from "drizzle-orm";
import { inventory } from "../src/db/schema.ts";
import { enemiesOf } from "../src/services/dungeons/DungeonBattles.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { fund } from "./support/economy.ts";
import { testServer } from "./support/testServer.ts";

/** The inventory as GET /api/game/inventory shows it, read twice: the second answer is the cached one. */
async function itemsOf(user: TestUser): Promise<InventoryItem[]> {
  await api("GET", "/api/game/inventory", { token: user.token });
  const res = await api("GET", "/api/game/inventory", { token: user.token });
  assert.equal(res.status, 200);
  return res.body.items;
}

/** The quest list as GET /api/game/quests shows it, read twice: the second answer is the cached one. */
async function questsOf(user: TestUser): Promise<Quest[]> {
  await api("GET", "/api/game/quests", { token: user.token });
  const res = await api("GET", "/api/game/quests", { token: user.token });
  assert.equal(res.status, 200);
  return res.body.items;
}

/**
 * The player's daily quests read twice around the end of the day of `dayEnd`: 10 s before it (the
 * cached list) and 1 s after it (a single read: the cache must not answer it).
 */
async function dailiesAround(user: TestUser, dayEnd: number): Promise<[Quest[], Quest[]]> {
  const { ctx } = (await testServer()).server;
  const daily = (q: Quest) => q.period === "DAILY";
  ctx.clock.advance(Math.max(0, dayEnd - 10_000 - ctx.clock.now()));
  const before = (await questsOf(user)).filter(daily);
  ctx.clock.advance(11_000);
  const res = await api("GET", "/api/game/quests", { token: user.token });
  return [before, (res.body.items as Quest[]).filter(daily)];
}

const progressOf = (list: Quest[], templateId: string, kind: string) =>
  list.find((q) => q.templateId === templateId)?.requirements.find((r) => r.kind === kind)?.progress;

async function buy(user: TestUser, itemId: string, quantity = 1): Promise<string> {
  const res = await api("POST", "/api/game/shop/purchase", { token: user.token, body: { itemId, quantity } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.inventoryItem.id;
}

/** A won battle of the slime cave for `user`, settled with `drops`, as the dungeon room settles it. */
async function settleWonBattle(user: TestUser, drops: BattleState["drops"][string]) {
  const { ctx } = (await testServer()).server;
  const dungeon = dungeonById("slime_cave");
  assert.ok(dungeon);
  const party = [await ctx.dungeons.partyMemberOf(user.id)];
  const roomId = `cached${randomUUID().slice(0, 8)}`;
  const battleId = await ctx.dungeons.open({ roomId, dungeonId: dungeon.id, seed: 7, party });
  const { state } = createBattle({ dungeon, enemies: enemiesOf(dungeon), party, seed: 7 });
  await ctx.dungeons.settle(battleId, { ...state, phase: "victory", currentTurn: "", drops: { [user.id]: drops } });
}

describe("the inventory read, cached by player: the next read on the same process shows each write", () => {
  before(async function () {
    // The shared test server boots once per run: slow on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  it("when an item is bought, then the inventory lists it", async () => {
    const user = await newUser("cinv");
    await fund(user, { coins: 100 });
    assert.deepEqual(await itemsOf(user), []);
    await buy(user, "health_potion", 2);
    assert.deepEqual(
      (await itemsOf(user)).map((i) => [i.itemId, i.quantity]),
      [["health_potion", 2]],
    );
  });

  it("when an item is equipped, then unequipped, then the inventory shows each", async () => {
    const user = await newUser("cinv");
    await fund(user, { coins: 100 });
    const sword = await buy(user, "wooden_sword");
    assert.equal((await itemsOf(user))[0]?.equipped, false);
    for (const equip of [true, false]) {
      const res = await api("POST", "/api/game/inventory/equip", {
        token: user.token,
        body: { inventoryItemId: sword, equip },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal((await itemsOf(user))[0]?.equipped, equip);
    }
  });

  it("when a potion is used in battle, then the inventory shows one fewer, and none once the last is used", async () => {
    const user = await newUser("cinv");
    await fund(user, { coins: 100 });
    await buy(user, "health_potion", 2);
    const { ctx } = (await testServer()).server;
    assert.equal((await itemsOf(user))[0]?.quantity, 2);
    await ctx.dungeons.useItem(user.id, "health_potion", `battle:${randomUUID()}:turn:1:${user.id}`);
    assert.equal((await itemsOf(user))[0]?.quantity, 1);
    await ctx.dungeons.useItem(user.id, "health_potion", `battle:${randomUUID()}:turn:1:${user.id}`);
    assert.deepEqual(await itemsOf(user), []);
  });

  it("when a won battle drops an item, then the inventory lists it", async () => {
    const user = await newUser("cinv");
    assert.deepEqual(await itemsOf(user), []);
    await settleWonBattle(user, { gems: 0, items: [{ itemId: "health_potion", quantity: 3 }] });
    assert.deepEqual(
      (await itemsOf(user)).map((i) => [i.itemId, i.quantity]),
      [["health_potion", 3]],
    );
  });

  it("when a row is changed by hand in the database, then the cached read shows it once its 30 s are over", async () => {
    const user = await newUser("cinv");
    await fund(user, { coins: 100 });
    await buy(user, "health_potion", 2);
    const { ctx } = (await testServer()).server;
    assert.equal((await itemsOf(user))[0]?.quantity, 2);
    await ctx.db.update(inventory).set({ quantity: 5 }).where(eq(inventory.userId, user.id));
    assert.equal((await itemsOf(user))[0]?.quantity, 2, "served from the cache: no database read");
    ctx.clock.advance(30_001);
    try {
      assert.equal((await itemsOf(user))[0]?.quantity, 5);
    } finally {
      ctx.clock.reset();
    }
  });
});

/** A player's public progress as the leaderboard shows it, read twice: the second answer is the cached one. */
async function progressRead(reader: TestUser, of: TestUser): Promise<UserProgress> {
  await api("GET", `/api/game/leaderboard/users/${of.id}/progress`, { token: reader.token });
  const res = await api("GET", `/api/game/leaderboard/users/${of.id}/progress`, { token: reader.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function grantXp(user: TestUser, xp: number): Promise<void> {
  const { ctx } = (await testServer()).server;
  await ctx.progression.grant({ userId: user.id, ref: `test:${randomUUID()}`, reason: "coding", xp, events: [] });
}

describe("the public progress, cached by player: the next read shows the player's grants and badges, and a rank moved by others", () => {
  it("when the player earns XP and a badge, then another player's next read of the progress shows both", async () => {
    const reader = await newUser("cprog");
    const player = await newUser("cprog");
    const before = await progressRead(reader, player);
    assert.equal(before.experience, 0);
    assert.deepEqual(before.badges, []);
    await grantXp(player, 100);
    const after = await progressRead(reader, player);
    assert.equal(after.experience, 100);
    assert.deepEqual(
      after.badges.map((b) => b.id),
      ["first_steps"],
    );
  });

  it("when someone else overtakes the player, then the player's next read shows the lower rank", async () => {
    const player = await newUser("cprog");
    const rival = await newUser("cprog");
    // Small amounts: the board is shared with other test files, whose players must stay on top.
    await grantXp(player, 50);
    const before = await progressRead(player, player);
    assert.ok(before.rank !== null);
    await grantXp(rival, 51);
    const after = await progressRead(player, player);
    assert.equal(after.rank, before.rank + 1);
  });
});

describe("the quest list, cached by player: the next read on the same process shows each write and each new day", () => {
  afterEach(async () => (await testServer()).server.ctx.clock.reset());

  it("when a purchase advances the shopping quest, then the list shows its progress", async () => {
    const user = await newUser("cquest");
    await fund(user, { coins: 100 });
    assert.equal(progressOf(await questsOf(user), "weekly_shopper", "items_bought"), 0);
    await buy(user, "health_potion");
    assert.equal(progressOf(await questsOf(user), "weekly_shopper", "items_bought"), 1);
  });

  it("when a grant of written lines advances the lines quests, then the list shows their progress", async () => {
    const user = await newUser("cquest");
    const { ctx } = (await testServer()).server;
    assert.equal(progressOf(await questsOf(user), "daily_lines", "lines_written"), 0);
    await ctx.progression.grant({
      userId: user.id,
      ref: `test:${randomUUID()}`,
      reason: "coding",
      xp: 20,
      events: [{ kind: "lines_written", amount: 20, language: "python" }],
    });
    const list = await questsOf(user);
    assert.equal(progressOf(list, "daily_lines", "lines_written"), 20);
    assert.equal(progressOf(list, "weekly_lines", "lines_written"), 20);
  });

  it("when a won battle is settled, then the list shows the dungeon quest's progress", async () => {
    const user = await newUser("cquest");
    assert.equal(progressOf(await questsOf(user), "weekly_dungeons", "dungeon_clears"), 0);
    await settleWonBattle(user, { gems: 0, items: [] });
    assert.equal(progressOf(await questsOf(user), "weekly_dungeons", "dungeon_clears"), 1);
  });

  it("when a completed quest is claimed, then the list shows it claimed", async () => {
    const user = await newUser("cquest");
    const { ctx } = (await testServer()).server;
    await ctx.progression.grant({
      userId: user.id,
      ref: `test:${randomUUID()}`,
      reason: "coding",
      xp: 50,
      events: [{ kind: "lines_written", amount: 50, language: "python" }],
    });
    const daily = (await questsOf(user)).find((q) => q.templateId === "daily_lines");
    assert.ok(daily);
    assert.equal(daily.status, "completed");
    const claimed = await api("POST", "/api/game/quests/complete", { token: user.token, body: { questId: daily.id } });
    assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
    assert.equal((await questsOf(user)).find((q) => q.id === daily.id)?.status, "claimed");
  });

  it("when the day ends 10 s after the list was read, then the next read lists the new day's quests, never yesterday's", async () => {
    const user = await newUser("cquest");
    const first = (await questsOf(user)).filter((q) => q.period === "DAILY");
    assert.ok(first.length > 0);
    const dayEnd = Date.parse(first[0]!.expiresAt);
    const [yesterday, today] = await dailiesAround(user, dayEnd);
    assert.deepEqual(
      yesterday.map((q) => q.id),
      first.map((q) => q.id),
    );
    assert.equal(today.length, yesterday.length);
    for (const q of today) {
      assert.ok(!yesterday.some((y) => y.id === q.id), "a new quest, not yesterday's");
      assert.equal(Date.parse(q.expiresAt), dayEnd + 86_400_000);
    }
  });

  it("when the player moved to a zone 14 h ahead, then from the end of the list's UTC day the next read lists the new zone's day", async () => {
    const user = await newUser("cquest");
    const first = (await questsOf(user)).filter((q) => q.period === "DAILY");
    const moved = await api("PUT", "/api/game/profile/time-zone", {
      token: user.token,
      body: { timeZone: "Pacific/Kiritimati" },
    });
    assert.equal(moved.status, 200);
    // Registration made UTC quests: they stay until they expire, then Kiritimati's days take over.
    const dayEnd = Date.parse(first[0]!.expiresAt);
    const [utc, kiritimati] = await dailiesAround(user, dayEnd);
    assert.deepEqual(
      utc.map((q) => q.expiresAt),
      first.map((q) => q.expiresAt),
    );
    assert.equal(kiritimati.length, first.length);
    // 00:00 UTC is 14:00 at Kiritimati: its day ends at 10:00 UTC.
    for (const q of kiritimati) assert.equal(Date.parse(q.expiresAt), dayEnd + 10 * 3_600_000);
  });
});
