import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { ledger } from "../src/db/schema.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { balances, fund } from "./support/economy.ts";
import { testServer } from "./support/testServer.ts";

const buy = (user: TestUser, body: object, headers: Record<string, string> = {}) =>
  api("POST", "/api/game/shop/purchase", { token: user.token, body, headers });

const inventoryOf = async (user: TestUser) =>
  (await api("GET", "/api/game/inventory?limit=100", { token: user.token })).body.items as {
    id: string;
    itemId: string;
    quantity: number;
  }[];

describe("shop catalogue", () => {
  it("when the shop is listed, then every item has its prices, level, slot and stats or effect", async () => {
    const user = await newUser("shop");
    const res = await api("GET", "/api/game/shop?limit=100", { token: user.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, 20);
    assert.equal(res.body.nextCursor, null);
    const bow = res.body.items.find((i: { id: string }) => i.id === "worldtree_bow");
    assert.deepEqual(
      {
        slot: bow.slot,
        rarity: bow.rarity,
        priceCoins: bow.priceCoins,
        priceGems: bow.priceGems,
        level: bow.requiredLevel,
      },
      { slot: "weapon", rarity: "legendary", priceCoins: null, priceGems: 60, level: 20 },
    );
    assert.equal(bow.stats.element, "grass");
    const potion = res.body.items.find((i: { id: string }) => i.id === "health_potion");
    assert.deepEqual(potion.effect, { heal: 40 });
    assert.equal(potion.stackable, true);
    assert.deepEqual(
      new Set(res.body.items.map((i: { slot: string }) => i.slot)),
      new Set(["weapon", "armor", "accessory", "cosmetic", "consumable"]),
    );
  });

  it("when the shop is paged 8 at a time, then the pages join into the whole catalogue", async () => {
    const user = await newUser("shop");
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await api(
        "GET",
        `/api/game/shop?limit=8${cursor ? `&cursor=${cursor}` : ""}`,
        { token: user.token },
      );
      assert.equal(res.status, 200);
      ids.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.equal(ids.length, 20);
    assert.equal(new Set(ids).size, 20);
  });

  it("when the shop is filtered by slot, then only that slot comes back", async () => {
    const user = await newUser("shop");
    const res = await api("GET", "/api/game/shop?slot=consumable", { token: user.token });
    assert.equal(res.status, 200);
    assert.ok(res.body.items.length >= 3);
    for (const i of res.body.items) assert.equal(i.slot, "consumable");
  });

  it("when no token is sent, then the shop is 401", async () => {
    assert.equal((await api("GET", "/api/game/shop")).status, 401);
  });
});

describe("shop purchases", () => {
  it("when a user with coins buys a sword, then coins drop by its price, the ledger says purchase and it is owned", async () => {
    const user = await newUser("buy");
    await fund(user, { coins: 120 });
    const res = await buy(user, { itemId: "wooden_sword" });
    assert.equal(res.status, 200);
    assert.equal(res.body.coins, 70);
    assert.equal(res.body.gems, 0);
    assert.equal(res.body.inventoryItem.itemId, "wooden_sword");
    assert.equal(res.body.inventoryItem.quantity, 1);
    assert.equal(res.body.inventoryItem.equipped, false);
    assert.equal(res.body.inventoryItem.item.name, "Wooden Sword");
    const { server } = await testServer();
    const rows = await server.ctx.db
      .select()
      .from(ledger)
      .where(and(eq(ledger.userId, user.id), eq(ledger.reason, "purchase")));
    assert.deepEqual(
      rows.map((r) => [r.currency, r.delta, r.balanceAfter]),
      [["coins", -50, 70]],
    );
    assert.deepEqual(
      (await inventoryOf(user)).map((i) => i.itemId),
      ["wooden_sword"],
    );
  });

  it("when 20 purchases race with money for 3, then exactly 3 are bought and the balance equals the ledger's sum", async () => {
    const user = await newUser("race");
    await fund(user, { coins: 3 * 25 + 10 });
    const results = await Promise.all(Array.from({ length: 20 }, () => buy(user, { itemId: "health_potion" })));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [...Array(3).fill(200), ...Array(17).fill(422)]);
    for (const r of results.filter((x) => x.status === 422)) assert.equal(r.body.error.code, "INSUFFICIENT_FUNDS");
    const b = await balances(user);
    assert.equal(b.coins, 10);
    assert.equal(b.ledgerCoins, b.coins);
    const potions = (await inventoryOf(user)).find((i) => i.itemId === "health_potion");
    assert.equal(potions?.quantity, 3);
  });

  it("when the same Idempotency-Key is sent twice, then the second returns the first answer and buys nothing", async () => {
    const user = await newUser("idem");
    await fund(user, { coins: 100 });
    const headers = { "Idempotency-Key": randomUUID() };
    const first = await buy(user, { itemId: "health_potion", quantity: 2 }, headers);
    const second = await buy(user, { itemId: "health_potion", quantity: 2 }, headers);
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.get("idempotent-replayed"), "true");
    assert.equal((await balances(user)).coins, 50);
    assert.equal((await inventoryOf(user)).find((i) => i.itemId === "health_potion")?.quantity, 2);
  });

  it("when 10 requests with one Idempotency-Key race, then all get the same answer and one purchase is made", async () => {
    const user = await newUser("idem");
    await fund(user, { coins: 1000 });
    const headers = { "Idempotency-Key": `race-${randomUUID()}` };
    const results = await Promise.all(
      Array.from({ length: 10 }, () => buy(user, { itemId: "health_potion" }, headers)),
    );
    for (const r of results) {
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, results[0]?.body);
    }
    assert.equal((await balances(user)).coins, 975);
    assert.equal((await inventoryOf(user)).find((i) => i.itemId === "health_potion")?.quantity, 1);
  });

  it("when an Idempotency-Key is reused for another item, then 422 IDEMPOTENCY_KEY_REUSED and nothing is bought", async () => {
    const user = await newUser("idem");
    await fund(user, { coins: 1000 });
    const headers = { "Idempotency-Key": randomUUID() };
    assert.equal((await buy(user, { itemId: "health_potion" }, headers)).status, 200);
    const reused = await buy(user, { itemId: "wooden_sword" }, headers);
    assert.equal(reused.status, 422);
    assert.equal(reused.body.error.code, "IDEMPOTENCY_KEY_REUSED");
    assert.equal((await balances(user)).coins, 975);
  });

  it("when a purchase with a key fails, then a retry with that key is tried again", async () => {
    const user = await newUser("idem");
    const headers = { "Idempotency-Key": randomUUID() };
    assert.equal((await buy(user, { itemId: "health_potion" }, headers)).status, 422);
    await fund(user, { coins: 25 });
    const retry = await buy(user, { itemId: "health_potion" }, headers);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.coins, 0);
  });

  it("when a gem-only cape is bought, then gems pay for it and coins are untouched", async () => {
    const user = await newUser("gems");
    await fund(user, { coins: 500, gems: 7 });
    const res = await buy(user, { itemId: "pixel_cape" });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.coins, res.body.gems], [500, 2]);
    const b = await balances(user);
    assert.deepEqual([b.gems, b.ledgerGems, b.coins], [2, 2, 500]);
  });

  it("when an item sold for both is bought with gems on request, then gems pay for it", async () => {
    const user = await newUser("gems");
    await fund(user, { coins: 1000, gems: 5, xp: 1600 });
    const res = await buy(user, { itemId: "phoenix_feather", currency: "gems" });
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.coins, res.body.gems], [1000, 2]);
  });

  it("when an item is bought in a currency it is not sold for, then 400 CURRENCY_NOT_ACCEPTED", async () => {
    const user = await newUser("gems");
    await fund(user, { coins: 1000, gems: 100 });
    const res = await buy(user, { itemId: "pixel_cape", currency: "coins" });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "CURRENCY_NOT_ACCEPTED");
    assert.deepEqual(await inventoryOf(user), []);
  });

  it("when a level 1 user buys a level 8 blade, then 422 LEVEL_TOO_LOW and no money moves", async () => {
    const user = await newUser("lvl");
    await fund(user, { coins: 5000 });
    const res = await buy(user, { itemId: "flame_blade" });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "LEVEL_TOO_LOW");
    assert.equal(res.body.error.details.requiredLevel, 8);
    assert.equal((await balances(user)).coins, 5000);
  });

  it("when the user reaches the level, then the same blade can be bought", async () => {
    const user = await newUser("lvl");
    await fund(user, { coins: 5000, xp: 4900 }); // level 8
    assert.equal((await buy(user, { itemId: "flame_blade" })).status, 200);
  });

  it("when a user without enough coins buys, then 422 INSUFFICIENT_FUNDS and nothing is added", async () => {
    const user = await newUser("poor");
    await fund(user, { coins: 49 });
    const res = await buy(user, { itemId: "wooden_sword" });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "INSUFFICIENT_FUNDS");
    assert.deepEqual(await inventoryOf(user), []);
    assert.equal((await balances(user)).coins, 49);
  });

  it("when an unknown item is bought, then 404", async () => {
    const user = await newUser("buy");
    const res = await buy(user, { itemId: "excalibur" });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, "NOT_FOUND");
  });

  it("when the body is invalid, then 400 names the fields", async () => {
    const user = await newUser("buy");
    const res = await buy(user, { itemId: "health_potion", quantity: 0, currency: "gold" });
    assert.equal(res.status, 400);
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path).sort();
    assert.deepEqual(paths, ["currency", "quantity"]);
  });

  it("when a consumable is bought twice, then one inventory row stacks the quantities", async () => {
    const user = await newUser("stack");
    await fund(user, { coins: 500 });
    const a = await buy(user, { itemId: "health_potion", quantity: 2 });
    const b = await buy(user, { itemId: "health_potion", quantity: 3 });
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(b.body.inventoryItem.id, a.body.inventoryItem.id);
    assert.equal(b.body.inventoryItem.quantity, 5);
    assert.equal(b.body.coins, 500 - 5 * 25);
  });

  it("when gear already owned is bought again, then 409 ALREADY_OWNED and it is not charged twice", async () => {
    const user = await newUser("owned");
    await fund(user, { coins: 500 });
    assert.equal((await buy(user, { itemId: "leather_vest" })).status, 200);
    const again = await buy(user, { itemId: "leather_vest" });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "ALREADY_OWNED");
    assert.equal((await balances(user)).coins, 440);
  });

  it("when the same gear is bought by 5 racing requests, then it is bought and charged once", async () => {
    const user = await newUser("owned");
    await fund(user, { coins: 500 });
    const results = await Promise.all(Array.from({ length: 5 }, () => buy(user, { itemId: "leather_vest" })));
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 409, 409, 409, 409]);
    const b = await balances(user);
    assert.deepEqual([b.coins, b.ledgerCoins], [440, 440]);
  });

  it("when gear is bought two at once, then 400", async () => {
    const user = await newUser("owned");
    await fund(user, { coins: 500 });
    const res = await buy(user, { itemId: "leather_vest", quantity: 2 });
    assert.equal(res.status, 400);
    assert.equal((await balances(user)).coins, 500);
  });
});
