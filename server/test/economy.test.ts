import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { api, newUser, type TestUser } from "./support/api.ts";
import { fund } from "./support/economy.ts";
import { testServer } from "./support/testServer.ts";

const economy = async () => (await testServer()).server.ctx.economy;

const buy = async (user: TestUser, itemId: string, quantity = 1) => {
  const res = await api("POST", "/api/game/shop/purchase", { token: user.token, body: { itemId, quantity } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
};

const quantityOf = async (user: TestUser, itemId: string) => {
  const res = await api("GET", "/api/game/inventory", { token: user.token });
  return res.body.items.find((i: { itemId: string }) => i.itemId === itemId)?.quantity ?? 0;
};

/** The code of the AppError a promise rejects with. */
const rejectionCode = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return "resolved";
};

describe("consumables in battle", () => {
  it("when a potion is used, then its effect comes back and one fewer is owned", async () => {
    const user = await newUser("use");
    await fund(user, { coins: 100 });
    await buy(user, "health_potion", 2);
    const use = await (await economy()).useConsumable({ userId: user.id, itemId: "health_potion", ref: randomUUID() });
    assert.deepEqual(use, { itemId: "health_potion", effect: { heal: 40 }, remaining: 1, replayed: false });
    assert.equal(await quantityOf(user, "health_potion"), 1);
  });

  it("when the same ref is used twice, then one potion is used and the second answer replays the first", async () => {
    const user = await newUser("use");
    await fund(user, { coins: 100 });
    await buy(user, "health_potion", 3);
    const ref = `battle:${randomUUID()}:turn:1`;
    const eco = await economy();
    const first = await eco.useConsumable({ userId: user.id, itemId: "health_potion", ref });
    const second = await eco.useConsumable({ userId: user.id, itemId: "health_potion", ref });
    assert.equal(first.remaining, 2);
    assert.deepEqual(second, { ...first, replayed: true });
    assert.equal(await quantityOf(user, "health_potion"), 2);
  });

  it("when the last potion is used by two requests at once, then exactly one succeeds", async () => {
    const user = await newUser("use");
    await fund(user, { coins: 100 });
    await buy(user, "health_potion", 1);
    const eco = await economy();
    const results = await Promise.allSettled(
      [1, 2].map(() => eco.useConsumable({ userId: user.id, itemId: "health_potion", ref: randomUUID() })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    assert.equal(ok.length, 1);
    assert.equal(refused.length, 1);
    assert.equal((refused[0] as PromiseRejectedResult).reason.code, "NOT_USABLE");
    assert.equal(await quantityOf(user, "health_potion"), 0);
  });

  it("when ten uses of one ref race, then one potion is used and all answers agree", async () => {
    const user = await newUser("use");
    await fund(user, { coins: 100 });
    await buy(user, "health_potion", 2);
    const eco = await economy();
    const ref = randomUUID();
    const uses = await Promise.all(
      Array.from({ length: 10 }, () => eco.useConsumable({ userId: user.id, itemId: "health_potion", ref })),
    );
    for (const u of uses) assert.equal(u.remaining, 1);
    assert.equal(uses.filter((u) => !u.replayed).length, 1);
    assert.equal(await quantityOf(user, "health_potion"), 1);
  });

  it("when none is owned, then NOT_USABLE", async () => {
    const user = await newUser("use");
    const eco = await economy();
    assert.equal(
      await rejectionCode(eco.useConsumable({ userId: user.id, itemId: "phoenix_feather", ref: randomUUID() })),
      "NOT_USABLE",
    );
  });

  it("when gear is used like a potion, then NOT_USABLE and it stays owned", async () => {
    const user = await newUser("use");
    await fund(user, { coins: 100 });
    await buy(user, "wooden_sword");
    const eco = await economy();
    assert.equal(
      await rejectionCode(eco.useConsumable({ userId: user.id, itemId: "wooden_sword", ref: randomUUID() })),
      "NOT_USABLE",
    );
    assert.equal(await quantityOf(user, "wooden_sword"), 1);
  });

  it("when the last potion is used up, then it leaves the inventory and buying again starts a new stack", async () => {
    const user = await newUser("use");
    await fund(user, { coins: 100 });
    await buy(user, "health_potion");
    const eco = await economy();
    await eco.useConsumable({ userId: user.id, itemId: "health_potion", ref: randomUUID() });
    const inv = await api("GET", "/api/game/inventory", { token: user.token });
    assert.deepEqual(inv.body.items, []);
    await buy(user, "health_potion", 2);
    assert.equal(await quantityOf(user, "health_potion"), 2);
  });
});

describe("items given without payment", () => {
  it("when a drop gives a potion twice and a sword twice, then potions stack and the sword is owned once", async () => {
    const user = await newUser("drop");
    const { server } = await testServer();
    const give = (itemId: string, quantity?: number) =>
      server.ctx.db.transaction((tx) => server.ctx.economy.giveItemInTx(tx, { userId: user.id, itemId, quantity }));
    assert.equal((await give("health_potion", 2))?.quantity, 2);
    assert.equal((await give("health_potion", 1))?.quantity, 3);
    assert.equal((await give("wooden_sword"))?.quantity, 1);
    assert.equal(await give("wooden_sword"), undefined);
    assert.equal(await quantityOf(user, "wooden_sword"), 1);
    assert.equal(await quantityOf(user, "health_potion"), 3);
  });
});

describe("loadout", () => {
  it("when a user equips gear, then the loadout the profile and dungeon read gives the same stats", async () => {
    const user = await newUser("load");
    await fund(user, { coins: 1000 });
    const buyRes = await api("POST", "/api/game/shop/purchase", {
      token: user.token,
      body: { itemId: "leather_vest" },
    });
    const equipRes = await api("POST", "/api/game/inventory/equip", {
      token: user.token,
      body: { inventoryItemId: buyRes.body.inventoryItem.id, equip: true },
    });
    const loadout = await (await economy()).loadout(user.id);
    assert.deepEqual(loadout, equipRes.body);
    assert.equal(loadout.stats.defense, 11);
    assert.equal(loadout.stats.maxHp, 110);
  });
});
