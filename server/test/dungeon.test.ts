import assert from "node:assert/strict";
import { applyAction, type BattleAction, createBattle, DUNGEONS, dungeonById } from "@levelup/shared";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { inventory } from "../src/db/schema.ts";
import { restoreBattleRoom } from "../src/rooms/dungeon/dungeonSeats.ts";
import { enemiesOf } from "../src/services/dungeons/DungeonBattles.ts";
import { api, newUser, type TestUser } from "./support/api.ts";
import { until } from "./support/coding.ts";
import {
  act,
  type BattleRoom,
  join,
  leaveAll,
  nextMessage,
  party,
  readyAll,
  seat,
  spectate,
} from "./support/dungeon.ts";
import { fund } from "./support/economy.ts";
import { testServer } from "./support/testServer.ts";

describe("dungeon routes", () => {
  it("when a level 1 player lists dungeons, then all 7 come with enemies and rewards, locked above level 1", async () => {
    const user = await newUser("lister");
    const res = await api("GET", "/api/game/dungeons", { token: user.token });
    assert.equal(res.status, 200);
    assert.equal(res.body.items.length, DUNGEONS.length);
    assert.ok(res.body.items.length >= 6);
    const cave = res.body.items.find((d: any) => d.id === "slime_cave");
    assert.equal(cave.locked, false);
    assert.deepEqual(cave.enemies[0], { id: "slime", name: "Slime", element: "water", hp: 30, boss: false });
    assert.equal(cave.rewards.xp, 40);
    for (const d of res.body.items) assert.equal(d.locked, d.requiredLevel > 1, d.id);
    assert.deepEqual(
      new Set(res.body.items.map((d: any) => d.element)),
      new Set(["fire", "grass", "water", "neutral"]),
    );
    assert.ok(res.body.items.some((d: any) => d.requiredLevel >= 20));
  });

  it("when a level 1 player asks for a level 20 dungeon, then 422 LEVEL_TOO_LOW; once levelled up, a seat", async () => {
    const user = await newUser("lowbie");
    const refused = await seat(user, { dungeonId: "void_spire" });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, "LEVEL_TOO_LOW");
    assert.deepEqual(refused.body.error.details, { requiredLevel: 20, level: 1 });
    await fund(user, { xp: 36_100 });
    const listed = await api("GET", "/api/game/dungeons", { token: user.token });
    assert.ok(listed.body.items.every((d: any) => d.locked === false));
    const ok = await seat(user, { dungeonId: "void_spire" });
    assert.equal(ok.status, 201);
    assert.equal(typeof ok.body.reservation.sessionId, "string");
    const room = await join(user, ok.body.reservation);
    await until(() => room.state.players.size === 1);
    const me = room.state.players.get(room.sessionId);
    assert.equal(me?.level, 20);
    assert.ok((me?.skills.length ?? 0) >= 3);
    await leaveAll([room]);
  });

  it("when the dungeon or the party is unknown or the body is bad, then 404 or 400", async () => {
    const user = await newUser("lost");
    assert.equal((await seat(user, { dungeonId: "atlantis" })).status, 404);
    const noParty = await seat(user, { dungeonId: "slime_cave", partyRoomId: "nope123" });
    assert.equal(noParty.status, 404);
    const bad = await api("POST", "/api/game/dungeons/battle", { token: user.token, body: { dungeonId: 7 } });
    assert.equal(bad.status, 400);
    assert.equal((await api("GET", "/api/game/dungeons")).status, 401);
  });

  it("when an invitation names another dungeon, then 409", async () => {
    const [host, guest] = [await newUser("host"), await newUser("guest")];
    await fund(guest, { xp: 900 });
    const rooms = await party([host]);
    const res = await seat(guest, { dungeonId: "ember_mines", partyRoomId: (rooms[0] as BattleRoom).roomId });
    assert.equal(res.status, 409);
    await leaveAll(rooms);
  });

  it("when the OpenAPI document is read, then the dungeon routes are in it", async () => {
    const res = await api("GET", "/api/openapi.json");
    for (const [path, method] of [
      ["/api/game/dungeons", "get"],
      ["/api/game/dungeons/battle", "post"],
      ["/api/game/battles/live", "get"],
    ] as const) {
      assert.ok(res.body.paths[path]?.[method], `${method} ${path}`);
    }
  });
});

describe("dungeon items", () => {
  it("when a player enters with gear and consumables, then the party member has the equipped gear's stats and only the stocked consumables", async () => {
    const user = await newUser("kitted");
    await fund(user, { coins: 1000, xp: 900 });
    const bought = async (itemId: string) => {
      const res = await api("POST", "/api/game/shop/purchase", { token: user.token, body: { itemId } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.inventoryItem.id as string;
    };
    const { server } = await testServer();
    const bare = await server.ctx.dungeons.partyMemberOf(user.id);
    const sword = await bought("wooden_sword");
    const vest = await bought("leather_vest");
    await bought("health_potion");
    await bought("health_potion");
    let gear: any;
    for (const inventoryItemId of [sword, vest]) {
      gear = await api("POST", "/api/game/inventory/equip", {
        token: user.token,
        body: { inventoryItemId, equip: true },
      });
      assert.equal(gear.status, 200, JSON.stringify(gear.body));
    }
    // A second weapon stays in the bag, and a used-up stack is not offered.
    await bought("ember_dagger");
    await server.ctx.db
      .insert(inventory)
      .values({ userId: user.id, itemId: "focus_tonic", slot: "consumable", quantity: 0 });

    const member = await server.ctx.dungeons.partyMemberOf(user.id);
    assert.deepEqual(member.stats, {
      maxHp: gear.body.stats.maxHp,
      attack: gear.body.stats.attack,
      defense: gear.body.stats.defense,
      speed: gear.body.stats.speed,
      critChance: gear.body.stats.critChance,
    });
    assert.equal(
      member.stats.attack,
      bare.stats.attack + 3,
      "the equipped sword counts, the dagger in the bag does not",
    );
    assert.ok(member.stats.defense > bare.stats.defense, "the vest counts");
    assert.deepEqual(
      member.items.map((i) => [i.itemId, i.quantity]),
      [["health_potion", 2]],
    );
    assert.equal(member.name, user.username);
  });

  it("when a player uses a potion in battle, then the inventory loses one and a second use is refused", async () => {
    const user = await newUser("drinker");
    await fund(user, { coins: 100 });
    const bought = await api("POST", "/api/game/shop/purchase", {
      token: user.token,
      body: { itemId: "health_potion" },
    });
    assert.equal(bought.status, 200, JSON.stringify(bought.body));
    const rooms = await party([user]);
    const room = rooms[0] as BattleRoom;
    assert.equal(room.state.players.get(room.sessionId)?.items[0]?.quantity, 1);
    await readyAll(rooms);
    const me = () => room.state.players.get(room.sessionId);
    // At full health a potion would heal nobody: refused, and kept.
    const wasted = nextMessage(room, "error");
    room.send("battle_action", { action: "item", itemId: "health_potion" });
    assert.equal((await wasted).code, "INVALID_ACTION");
    assert.equal(me()?.items[0]?.quantity, 1);
    // Defend until an enemy has hurt the player (defending halves the damage, so the cave's slimes survive).
    for (let round = 0; me()?.hp === me()?.maxHp; round++) {
      assert.ok(round < 5 && room.state.phase === "battle", "an enemy hits within a few rounds");
      await act(rooms, { action: "defend" });
    }
    const healed = new Promise<any>((resolve) =>
      room.onMessage("battle_update", (m: any) => m.type === "heal" && resolve(m)),
    );
    await act(rooms, { action: "item", itemId: "health_potion" });
    assert.equal((await healed).with, "health_potion");
    await until(() => room.state.players.get(room.sessionId)?.items[0]?.quantity === 0);
    const { server } = await testServer();
    const [stack] = await server.ctx.db.select().from(inventory).where(eq(inventory.userId, user.id));
    assert.equal(stack?.quantity, 0);
    const refused = nextMessage(room, "error");
    room.send("battle_action", { action: "item", itemId: "health_potion" });
    assert.equal((await refused).code, "INVALID_ACTION");
    await leaveAll(rooms);
  });
});

describe("dungeon restore", () => {
  it("when a battle's process died, then a room rebuilt from its log resumes at the same turn and ends as the same actions would", async () => {
    const { server } = await testServer();
    const { ctx } = server;
    const [a, b, watcher] = [await newUser("phoenix"), await newUser("phoenix"), await newUser("fan")];
    const dungeon = dungeonById("slime_cave");
    assert.ok(dungeon);
    const party = [await ctx.dungeons.partyMemberOf(a.id), await ctx.dungeons.partyMemberOf(b.id)];
    const seed = 424242;
    const roomId = `dead${randomBytes(4).toString("hex")}`;

    // What the dead process had stored: the battle's start and its first two actions.
    const battleId = await ctx.dungeons.open({ roomId, dungeonId: dungeon.id, seed, party });
    let expected = createBattle({ dungeon, enemies: enemiesOf(dungeon), party, seed }).state;
    const step = (action: BattleAction) => {
      const r = applyAction(expected, action);
      assert.ok(r.ok);
      expected = r.state;
      return r.state;
    };
    for (const action of ["attack", "defend"] as const) {
      const a1: BattleAction = { actorId: expected.currentTurn, action };
      ctx.dungeons.record(battleId, a1, step(a1));
    }

    const restored = await restoreBattleRoom(ctx, battleId);
    assert.equal(restored.roomId, roomId);
    const users: TestUser[] = [a, b];
    const rooms: BattleRoom[] = [];
    for (const u of users) {
      const res = await seat(u, { dungeonId: dungeon.id, partyRoomId: roomId });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      rooms.push(await join(u, res.body.reservation));
    }
    const fan = await spectate(watcher, roomId);
    const view = rooms[0] as BattleRoom;
    await until(() => view.state.players.size === 2 && view.state.turnEndsAt > 0);
    assert.equal(view.state.phase, "battle");
    assert.equal(view.state.round, expected.round);
    const userOf = (sessionId: string) => view.state.players.get(sessionId)?.userId;
    assert.equal(userOf(view.state.currentTurn), expected.currentTurn);
    for (const e of expected.enemies) assert.equal(view.state.enemies.get(e.id)?.hp, e.hp);

    // The same actions from here on give the same dice: the battle ends exactly as the engine says.
    while (view.state.phase === "battle") {
      const actor = expected.currentTurn;
      step({ actorId: actor, action: "attack" });
      await act(rooms);
    }
    assert.equal(view.state.phase, expected.phase);
    assert.equal(view.state.round, expected.round);
    for (const e of expected.enemies) assert.equal(view.state.enemies.get(e.id)?.hp, e.hp);
    for (const p of expected.players) {
      const entry = [...view.state.players.values()].find((x) => x.userId === p.id);
      assert.equal(entry?.hp, p.hp);
    }
    await until(() => fan.state.phase === expected.phase);
    await until(async () => (await ctx.dungeons.load(battleId))?.status === expected.phase);
    const row = await ctx.dungeons.load(battleId);
    assert.equal(((row?.actions ?? []) as unknown[]).length, expected.actionCount);
    await leaveAll([...rooms, fan]);
  });
  it("when a player of a restored battle never comes back, then after the rejoin window they leave and the others play on", async () => {
    const { server } = await testServer();
    const { ctx } = server;
    const [a, b] = [await newUser("back"), await newUser("gone")];
    const dungeon = dungeonById("slime_cave");
    assert.ok(dungeon);
    const party = [await ctx.dungeons.partyMemberOf(a.id), await ctx.dungeons.partyMemberOf(b.id)];
    const roomId = `dead${randomBytes(4).toString("hex")}`;
    const battleId = await ctx.dungeons.open({ roomId, dungeonId: dungeon.id, seed: 7, party });
    await restoreBattleRoom(ctx, battleId);
    const res = await seat(a, { dungeonId: dungeon.id, partyRoomId: roomId });
    const room = await join(a, res.body.reservation);
    await until(() => room.state.players.size === 1 && room.state.phase === "battle");
    assert.ok(!room.state.turnEndsAt, "the turn clock waits for the party");
    const left = new Promise<any>((resolve) =>
      room.onMessage("battle_update", (m: any) => m.type === "leave" && resolve(m)),
    );
    ctx.clock.advance(61_000);
    try {
      assert.deepEqual(await left, { type: "leave", actorId: b.id });
      await until(() => room.state.turnEndsAt > 0);
      while (room.state.phase === "battle") await act([room]);
      assert.equal(room.state.phase, "victory");
    } finally {
      ctx.clock.reset();
    }
    await until(async () => (await ctx.dungeons.load(battleId))?.status === "victory");
    const row = await ctx.dungeons.load(battleId);
    const payouts = (row?.result as { payouts: { userId: string }[] } | undefined)?.payouts ?? [];
    assert.deepEqual(
      payouts.map((p) => p.userId),
      [a.id],
    );
    await leaveAll([room]);
  });
});
