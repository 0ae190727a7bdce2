import assert from "node:assert/strict";
import { inventory } from "../src/db/schema.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { fund } from "./support/economy.ts";
import { testServer } from "./support/testServer.ts";

const buy = async (user: TestUser, itemId: string): Promise<string> => {
  const res = await api("POST", "/api/game/shop/purchase", { token: user.token, body: { itemId } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.inventoryItem.id;
};
const equip = (user: TestUser, inventoryItemId: string, on = true) =>
  api("POST", "/api/game/inventory/equip", { token: user.token, body: { inventoryItemId, equip: on } });
const equippedIds = (body: { equipped: { itemId: string }[] }) => body.equipped.map((e) => e.itemId).sort();

describe("inventory", () => {
  it("when a user owns items, then the inventory lists them with equipped flags and item data", async () => {
    const user = await newUser("inv");
    await fund(user, { coins: 1000 });
    const sword = await buy(user, "wooden_sword");
    await buy(user, "health_potion");
    assert.equal((await equip(user, sword)).status, 200);
    const res = await api("GET", "/api/game/inventory", { token: user.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.nextCursor, null);
    const byItem = Object.fromEntries(res.body.items.map((i: { itemId: string }) => [i.itemId, i]));
    assert.equal(byItem.wooden_sword.equipped, true);
    assert.equal(byItem.wooden_sword.slot, "weapon");
    assert.equal(byItem.wooden_sword.item.stats.attack, 3);
    assert.equal(byItem.health_potion.equipped, false);
    assert.deepEqual(byItem.health_potion.item.effect, { heal: 40 });
  });

  it("when the inventory is paged one at a time, then every item comes once", async () => {
    const user = await newUser("inv");
    await fund(user, { coins: 1000 });
    for (const id of ["wooden_sword", "leather_vest", "wizard_hat"]) await buy(user, id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { itemId: string }[]; nextCursor: string | null } } = await api(
        "GET",
        `/api/game/inventory?limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        { token: user.token },
      );
      seen.push(...res.body.items.map((i) => i.itemId));
      cursor = res.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ["wooden_sword", "leather_vest", "wizard_hat"]);
  });

  it("when an item is bought after the inventory was read, then the next read lists it; a cursor outside the sort order is 400", async () => {
    const user = await newUser("invn");
    await fund(user, { coins: 1000 });
    const read = async () => (await api("GET", "/api/game/inventory", { token: user.token })).body.items;
    assert.deepEqual(await read(), []);
    await buy(user, "health_potion");
    assert.deepEqual(
      (await read()).map((i: { itemId: string; quantity: number }) => [i.itemId, i.quantity]),
      [["health_potion", 1]],
    );
    await buy(user, "health_potion");
    assert.equal((await read())[0].quantity, 2);
    for (const cursor of ["99999999999", "-99999999999", "x"]) {
      const res = await api("GET", `/api/game/inventory?cursor=${cursor}`, { token: user.token });
      assert.equal(res.status, 400, cursor);
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    }
  });

  it("when a new user looks, then the inventory is empty", async () => {
    const user = await newUser("inv");
    const res = await api("GET", "/api/game/inventory", { token: user.token });
    assert.deepEqual(res.body, { items: [], nextCursor: null });
  });
});

describe("equipment", () => {
  it("when a weapon is equipped, then the equipped set and stats include it", async () => {
    const user = await newUser("eq");
    await fund(user, { coins: 1000 });
    const sword = await buy(user, "wooden_sword");
    const res = await equip(user, sword);
    assert.equal(res.status, 200);
    assert.deepEqual(equippedIds(res.body), ["wooden_sword"]);
    assert.equal(res.body.equipped[0].inventoryItemId, sword);
    assert.equal(res.body.stats.attack, 13);
    assert.equal(res.body.stats.element, "neutral");
  });

  it("when a second weapon is equipped, then it replaces the first and the element follows it", async () => {
    const user = await newUser("eq");
    await fund(user, { coins: 1000, xp: 100 }); // level 2 for the dagger
    const sword = await buy(user, "wooden_sword");
    const dagger = await buy(user, "ember_dagger");
    const vest = await buy(user, "leather_vest");
    await equip(user, sword);
    await equip(user, vest);
    const res = await equip(user, dagger);
    assert.equal(res.status, 200);
    assert.deepEqual(equippedIds(res.body), ["ember_dagger", "leather_vest"]);
    assert.equal(res.body.stats.element, "fire");
    assert.equal(res.body.stats.attack, 12 + 5);
    const inv = await api("GET", "/api/game/inventory", { token: user.token });
    const flags = Object.fromEntries(
      inv.body.items.map((i: { itemId: string; equipped: boolean }) => [i.itemId, i.equipped]),
    );
    assert.deepEqual(flags, { wooden_sword: false, ember_dagger: true, leather_vest: true });
  });

  it("when an equipped item is unequipped, then it leaves the set and stats return to base", async () => {
    const user = await newUser("eq");
    await fund(user, { coins: 1000 });
    const vest = await buy(user, "leather_vest");
    await equip(user, vest);
    const res = await equip(user, vest, false);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.equipped, []);
    assert.deepEqual(res.body.stats, {
      hp: 100,
      maxHp: 100,
      attack: 10,
      defense: 8,
      speed: 10,
      critChance: 0.1,
      element: "neutral",
    });
    const again = await equip(user, vest, false);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "NOT_EQUIPPED");
  });

  it("when an equipped item is equipped again, then 409 ALREADY_EQUIPPED", async () => {
    const user = await newUser("eq");
    await fund(user, { coins: 1000 });
    const vest = await buy(user, "leather_vest");
    await equip(user, vest);
    const res = await equip(user, vest);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, "ALREADY_EQUIPPED");
  });

  it("when another user's item is equipped, then 403 and nothing changes for either", async () => {
    const owner = await newUser("eq");
    const thief = await newUser("eq");
    await fund(owner, { coins: 1000 });
    const sword = await buy(owner, "wooden_sword");
    const res = await equip(thief, sword);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, "FORBIDDEN");
    const inv = await api("GET", "/api/game/inventory", { token: owner.token });
    assert.equal(inv.body.items[0].equipped, false);
  });

  it("when a consumable is equipped, then 422 NOT_EQUIPPABLE", async () => {
    const user = await newUser("eq");
    await fund(user, { coins: 1000 });
    const potion = await buy(user, "health_potion");
    const res = await equip(user, potion);
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "NOT_EQUIPPABLE");
  });

  it("when an owned item is above the user's level (a drop), then equipping it is 422 LEVEL_TOO_LOW", async () => {
    const user = await newUser("eq");
    const { server } = await testServer();
    const [row] = await server.ctx.db
      .insert(inventory)
      .values({ userId: user.id, itemId: "frost_trident", slot: "weapon" })
      .returning();
    const res = await equip(user, row?.id ?? "");
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "LEVEL_TOO_LOW");
    await fund(user, { xp: 12_100 }); // level 12
    assert.equal((await equip(user, row?.id ?? "")).status, 200);
  });

  it("when a hat and a cape are worn, then both show on the avatar, and a crown replaces the hat", async () => {
    const user = await newUser("eq");
    await fund(user, { coins: 1000, gems: 100, xp: 8100 }); // level 10 for the crown
    const hat = await buy(user, "wizard_hat");
    const cape = await buy(user, "pixel_cape");
    const crown = await buy(user, "golden_crown");
    await equip(user, hat);
    const both = await equip(user, cape);
    assert.deepEqual(both.body.avatar, { hat: "wizard", cape: "pixel_red" });
    const crowned = await equip(user, crown);
    assert.deepEqual(crowned.body.avatar, { hat: "crown", cape: "pixel_red" });
    assert.deepEqual(equippedIds(crowned.body), ["golden_crown", "pixel_cape"]);
  });

  it("when 6 equips of two weapons race, then exactly one weapon ends equipped", async () => {
    const user = await newUser("eq");
    await fund(user, { coins: 1000, xp: 400 });
    const ids = [await buy(user, "wooden_sword"), await buy(user, "tide_staff")];
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => equip(user, ids[i % 2] ?? "")));
    for (const r of results) assert.ok([200, 409].includes(r.status), `${r.status}`);
    const { server } = await testServer();
    const loadout = await server.ctx.economy.loadout(user.id);
    assert.equal(loadout.equipped.length, 1);
  });

  it("when the id is unknown or not an id, then 404", async () => {
    const user = await newUser("eq");
    assert.equal((await equip(user, "00000000-0000-4000-8000-000000000000")).status, 404);
    assert.equal((await equip(user, "nope")).status, 404);
  });

  it("when the OpenAPI document is fetched, then the shop and inventory routes are in it", async () => {
    const res = await api("GET", "/api/openapi.json");
    for (const [path, method] of [
      ["/api/game/shop", "get"],
      ["/api/game/shop/purchase", "post"],
      ["/api/game/inventory", "get"],
      ["/api/game/inventory/equip", "post"],
    ] as const) {
      assert.ok(res.body.paths[path]?.[method], `${method.toUpperCase()} ${path} documented`);
    }
  });
});
