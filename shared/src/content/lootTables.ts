/** One possible item drop: rolled per player at victory by the battle's seeded generator. */
export interface LootEntry {
  /** An item of content/items.ts. */
  itemId: string;
  /** 0–1. */
  chance: number;
  quantity: number;
}

/**
 * Each dungeon's item drops (its gem drops are in content/dungeons.ts). Consumables mostly, so a
 * drop is always useful; gear a player already owns is not given twice.
 */
export const LOOT_TABLES: Readonly<Record<string, readonly LootEntry[]>> = {
  slime_cave: [{ itemId: "health_potion", chance: 0.35, quantity: 1 }],
  ember_mines: [
    { itemId: "health_potion", chance: 0.4, quantity: 1 },
    { itemId: "focus_tonic", chance: 0.15, quantity: 1 },
    { itemId: "ember_dagger", chance: 0.05, quantity: 1 },
  ],
  verdant_grove: [
    { itemId: "health_potion", chance: 0.4, quantity: 2 },
    { itemId: "focus_tonic", chance: 0.2, quantity: 1 },
    { itemId: "vine_whip", chance: 0.05, quantity: 1 },
  ],
  tide_temple: [
    { itemId: "mega_potion", chance: 0.3, quantity: 1 },
    { itemId: "focus_tonic", chance: 0.25, quantity: 1 },
    { itemId: "tide_staff", chance: 0.05, quantity: 1 },
  ],
  ashen_fortress: [
    { itemId: "mega_potion", chance: 0.35, quantity: 1 },
    { itemId: "phoenix_feather", chance: 0.08, quantity: 1 },
    { itemId: "flame_blade", chance: 0.04, quantity: 1 },
  ],
  elder_forest: [
    { itemId: "mega_potion", chance: 0.4, quantity: 2 },
    { itemId: "phoenix_feather", chance: 0.1, quantity: 1 },
    { itemId: "worldtree_bow", chance: 0.04, quantity: 1 },
  ],
  void_spire: [
    { itemId: "mega_potion", chance: 0.5, quantity: 2 },
    { itemId: "phoenix_feather", chance: 0.15, quantity: 1 },
    { itemId: "dragonscale_armor", chance: 0.04, quantity: 1 },
  ],
};

export function lootTableFor(dungeonId: string): readonly LootEntry[] {
  return LOOT_TABLES[dungeonId] ?? [];
}
