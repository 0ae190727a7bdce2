import assert from "node:assert/strict";
import { type BattleState, createBattle, dungeonById } from "@levelup/shared";
import { and, eq } from "drizzle-orm";
import { inventory } from "../src/db/schema.ts";
import { enemiesOf } from "../src/services/dungeons/DungeonBattles.ts";
import { newUser, type TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

/** A finished battle of `dungeonId` for `players`, won, with the given item drops per player. */
async function wonBattle(players: TestUser[], drops: Record<string, BattleState["drops"][string]>) {
  const { server } = await testServer();
  const ctx = server.ctx;
  const dungeon = dungeonById("slime_cave");
  assert.ok(dungeon);
  const party = await Promise.all(players.map((p) => ctx.dungeons.partyMemberOf(p.id)));
  const roomId = `drops${Math.random().toString(36).slice(2, 10)}`;
  const battleId = await ctx.dungeons.open({ roomId, dungeonId: dungeon.id, seed: 11, party });
  const { state } = createBattle({ dungeon, enemies: enemiesOf(dungeon), party, seed: 11 });
  const won: BattleState = { ...state, phase: "victory", currentTurn: "", drops };
  return { ctx, battleId, won };
}

async function owned(ctx: Awaited<ReturnType<typeof testServer>>["server"]["ctx"], userId: string, itemId: string) {
  const [row] = await ctx.db
    .select({ quantity: inventory.quantity })
    .from(inventory)
    .where(and(eq(inventory.userId, userId), eq(inventory.itemId, itemId)));
  return row?.quantity ?? 0;
}

describe("dungeon item drops", () => {
  before(async function () {
    // The shared test server boots once per run: slow on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  it("when a won battle is settled, then each player's rolled items land in their inventory once, with the payout", async () => {
    const [a, b] = [await newUser("looter"), await newUser("looter")];
    const { ctx, battleId, won } = await wonBattle([a, b], {
      [a.id]: { gems: 0, items: [{ itemId: "health_potion", quantity: 2 }] },
      [b.id]: { gems: 1, items: [] },
    });
    const payouts = await ctx.dungeons.settle(battleId, won);
    assert.deepEqual(
      payouts.map((p) => [p.items, p.gems]),
      [
        [[{ itemId: "health_potion", quantity: 2 }], 0],
        [[], 1],
      ],
    );
    assert.equal(await owned(ctx, a.id, "health_potion"), 2);
    assert.equal(await owned(ctx, b.id, "health_potion"), 0);

    // A retried settle (another process, a crash after commit) gives no item twice.
    const again = await ctx.dungeons.settle(battleId, won);
    assert.deepEqual(
      again.map((p) => [p.applied, p.items]),
      [
        [false, []],
        [false, []],
      ],
    );
    assert.equal(await owned(ctx, a.id, "health_potion"), 2);
  });

  it("when the drop is gear the player already owns, then it is not given twice; a lost battle drops nothing", async () => {
    const [a] = [await newUser("owner")];
    const first = await wonBattle([a], { [a.id]: { gems: 0, items: [{ itemId: "wooden_sword", quantity: 1 }] } });
    assert.deepEqual((await first.ctx.dungeons.settle(first.battleId, first.won))[0]?.items, [
      { itemId: "wooden_sword", quantity: 1 },
    ]);
    const second = await wonBattle([a], { [a.id]: { gems: 0, items: [{ itemId: "wooden_sword", quantity: 1 }] } });
    assert.deepEqual((await second.ctx.dungeons.settle(second.battleId, second.won))[0]?.items, []);
    assert.equal(await owned(first.ctx, a.id, "wooden_sword"), 1);

    const lost = await wonBattle([a], { [a.id]: { gems: 0, items: [{ itemId: "health_potion", quantity: 1 }] } });
    const payout = await lost.ctx.dungeons.settle(lost.battleId, { ...lost.won, phase: "defeat" });
    assert.deepEqual(payout[0]?.items, []);
    assert.equal(await owned(lost.ctx, a.id, "health_potion"), 0);
  });
});
