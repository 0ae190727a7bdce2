import type { LootEntry } from "../content/lootTables.ts";
import type { Rng } from "../rng/mulberry32.ts";

export interface ItemDrop {
  itemId: string;
  quantity: number;
}

/** Rolls a loot table once: each entry drops on its own chance, one roll per entry, in table order. */
export function rollLoot(table: readonly LootEntry[], rng: Rng): ItemDrop[] {
  const drops: ItemDrop[] = [];
  for (const entry of table)
    if (rng.chance(entry.chance)) drops.push({ itemId: entry.itemId, quantity: entry.quantity });
  return drops;
}
