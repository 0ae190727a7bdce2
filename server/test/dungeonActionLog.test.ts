import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { applyAction, type BattleAction, type BattleState, createBattle, dungeonById } from "@levelup/shared";
import { ACTION_FLUSH_MS, BattleActionLog } from "../src/services/dungeons/actionLog.ts";
import { enemiesOf, rebuildBattle } from "../src/services/dungeons/DungeonBattles.ts";
import { newUser } from "./support/api.ts";
import { until } from "./support/coding.ts";
import { testServer } from "./support/testServer.ts";

/** A stored battle of two players and the engine state it starts from. */
async function openBattle() {
  const { server } = await testServer();
  const { ctx } = server;
  const dungeon = dungeonById("slime_cave");
  assert.ok(dungeon);
  const party = [
    await ctx.dungeons.partyMemberOf((await newUser("batch")).id),
    await ctx.dungeons.partyMemberOf((await newUser("batch")).id),
  ];
  const seed = 99;
  const battleId = await ctx.dungeons.open({
    roomId: `log${randomBytes(4).toString("hex")}`,
    dungeonId: dungeon.id,
    seed,
    party,
  });
  let state: BattleState = createBattle({ dungeon, enemies: enemiesOf(dungeon), party, seed }).state;
  /** Applies the current player's `action` and returns it with the state after it. */
  const next = (action: BattleAction["action"] = "defend") => {
    const a: BattleAction = { actorId: state.currentTurn, action };
    const r = applyAction(state, a);
    assert.ok(r.ok);
    state = r.state;
    return { action: a, state };
  };
  return { ctx, battleId, next };
}

describe("batched battle action log", () => {
  it("when a process dies mid-batch, then the battle rebuilt from the database is the one of the last flush", async () => {
    const { ctx, battleId, next } = await openBattle();
    // The dying process's log: a window far longer than the test, so only explicit flushes write.
    const dying = new BattleActionLog({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, flushMs: 3_600_000 });
    const stored: BattleState[] = [];
    for (let i = 0; i < 3; i++) {
      const { action, state } = next();
      dying.append(battleId, action, state.round);
      stored.push(state);
    }
    await dying.flush();
    // Two more actions accepted and shown, then the process is killed before their batch is written.
    const unstored = [next(), next()];
    for (const { action, state } of unstored) dying.append(battleId, action, state.round);
    assert.equal(dying.pendingCount(), 2);

    const row = await ctx.dungeons.load(battleId);
    assert.ok(row);
    assert.equal((row.actions as unknown[]).length, 3, "only the flushed batch is stored");
    const rebuilt = rebuildBattle(row);
    const atFlush = stored[2]!;
    assert.equal(rebuilt.actionCount, atFlush.actionCount);
    assert.equal(rebuilt.currentTurn, atFlush.currentTurn);
    assert.equal(rebuilt.round, atFlush.round);
    assert.deepEqual(
      rebuilt.enemies.map((e) => e.hp),
      atFlush.enemies.map((e) => e.hp),
    );
    assert.deepEqual(
      rebuilt.players.map((p) => p.hp),
      atFlush.players.map((p) => p.hp),
    );
    assert.notEqual(rebuilt.actionCount, unstored[1]!.state.actionCount, "the lost window is not in the log");
  });

  it("when actions are recorded and nobody flushes, then the timer stores them, every battle in engine order", async () => {
    const first = await openBattle();
    const second = await openBattle();
    const { ctx } = first;
    const log = new BattleActionLog({ db: ctx.db, clock: ctx.clock, logger: ctx.logger, flushMs: ACTION_FLUSH_MS });
    const expected = new Map<string, BattleState>();
    for (let i = 0; i < 4; i++) {
      for (const b of [first, second]) {
        const { action, state } = b.next(i % 2 ? "attack" : "defend");
        log.append(b.battleId, action, state.round);
        expected.set(b.battleId, state);
      }
    }
    // Read straight from the table: the service's load() would flush and hide whether the timer did.
    const stored = async (battleId: string) => {
      const row = await ctx.db.query.battles.findFirst({ where: (t, { eq }) => eq(t.id, battleId) });
      return ((row?.actions ?? []) as unknown[]).length;
    };
    await until(async () => (await stored(first.battleId)) === 4 && (await stored(second.battleId)) === 4, 30_000);
    assert.equal(log.pendingCount(), 0);
    for (const b of [first, second]) {
      const row = await ctx.dungeons.load(b.battleId);
      assert.ok(row);
      const rebuilt = rebuildBattle(row);
      const want = expected.get(b.battleId)!;
      assert.equal(rebuilt.actionCount, want.actionCount);
      assert.equal(row.round, want.round);
      assert.deepEqual(
        rebuilt.enemies.map((e) => e.hp),
        want.enemies.map((e) => e.hp),
      );
    }
  });

  it("when a battle is read back through the service, then what was recorded a moment ago is in it", async () => {
    const { ctx, battleId, next } = await openBattle();
    const { action, state } = next("attack");
    ctx.dungeons.record(battleId, action, state);
    const row = await ctx.dungeons.load(battleId);
    assert.ok(row);
    assert.equal((row.actions as unknown[]).length, 1);
    assert.equal(row.round, state.round);
  });
});
