import assert from "node:assert/strict";
import { DUNGEONS } from "../content/dungeons.ts";
import { itemById } from "../content/items.ts";
import { LOOT_TABLES, lootTableFor } from "../content/lootTables.ts";
import { Rng, seedRng } from "../rng/mulberry32.ts";
import { rollLoot } from "./loot.ts";

describe("loot tables", () => {
  it("when every dungeon's table is read, then each names real items with chances in (0, 1] and positive quantities", () => {
    assert.deepEqual(Object.keys(LOOT_TABLES).sort(), DUNGEONS.map((d) => d.id).sort());
    for (const [dungeonId, table] of Object.entries(LOOT_TABLES)) {
      for (const entry of table) {
        assert.ok(itemById(entry.itemId), `${dungeonId}: unknown item ${entry.itemId}`);
        assert.ok(entry.chance > 0 && entry.chance <= 1, `${dungeonId}: chance ${entry.chance}`);
        assert.ok(Number.isInteger(entry.quantity) && entry.quantity > 0);
      }
    }
    assert.deepEqual(lootTableFor("no_such_dungeon"), []);
  });

  it("when the same seed rolls twice, then the drops are the same (replays agree)", () => {
    const table = lootTableFor("ember_mines");
    for (let seed = 0; seed < 50; seed++) {
      assert.deepEqual(rollLoot(table, new Rng(seedRng(seed))), rollLoot(table, new Rng(seedRng(seed))));
    }
  });

  it("when a table is rolled 20,000 times, then each entry drops at about its chance", () => {
    const table = lootTableFor("ember_mines");
    const rng = new Rng(seedRng(42));
    const counts = new Map<string, number>();
    const N = 20_000;
    for (let i = 0; i < N; i++)
      for (const d of rollLoot(table, rng)) counts.set(d.itemId, (counts.get(d.itemId) ?? 0) + 1);
    for (const entry of table) {
      const share = (counts.get(entry.itemId) ?? 0) / N;
      assert.ok(Math.abs(share - entry.chance) < 0.015, `${entry.itemId}: ${share} vs ${entry.chance}`);
    }
  });
});
