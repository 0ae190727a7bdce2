import type { ConsumableEffect, ItemSlot, ItemStats, Rarity } from "../rules/stats.ts";

/**
 * One item of the shop. Prices are in coins and/or gems (null: not sold for that currency).
 * Gear (weapon, armor, accessory) changes battle stats, cosmetics change the avatar, consumables
 * stack in the inventory and are used up in battle.
 */
export interface ItemDef {
  id: string;
  name: string;
  description: string;
  slot: ItemSlot;
  rarity: Rarity;
  priceCoins: number | null;
  priceGems: number | null;
  requiredLevel: number;
  stats: ItemStats;
  /** Consumables only. */
  effect: ConsumableEffect | null;
}

/** Whether owning more than one of an item adds to a stack (consumables) or is refused (gear). */
export function isStackable(item: Pick<ItemDef, "slot">): boolean {
  return item.slot === "consumable";
}

/** The shop's catalogue, in display order. Ids are stable: inventories refer to them. */
export const itemCatalogue: readonly ItemDef[] = [
  // Weapons: attack, and the element the player fights with.
  {
    id: "wooden_sword",
    name: "Wooden Sword",
    description: "A practice blade. Better than bare hands.",
    slot: "weapon",
    rarity: "common",
    priceCoins: 50,
    priceGems: null,
    requiredLevel: 1,
    stats: { attack: 3, element: "neutral" },
    effect: null,
  },
  {
    id: "ember_dagger",
    name: "Ember Dagger",
    description: "Warm to the touch; sparks fly on a lucky strike.",
    slot: "weapon",
    rarity: "common",
    priceCoins: 150,
    priceGems: null,
    requiredLevel: 2,
    stats: { attack: 5, critChance: 0.05, element: "fire" },
    effect: null,
  },
  {
    id: "tide_staff",
    name: "Tide Staff",
    description: "Channels the patience of the sea.",
    slot: "weapon",
    rarity: "uncommon",
    priceCoins: 200,
    priceGems: null,
    requiredLevel: 3,
    stats: { attack: 6, speed: 1, element: "water" },
    effect: null,
  },
  {
    id: "vine_whip",
    name: "Vine Whip",
    description: "Quick, green and stubborn like a legacy codebase.",
    slot: "weapon",
    rarity: "uncommon",
    priceCoins: 200,
    priceGems: null,
    requiredLevel: 3,
    stats: { attack: 5, speed: 2, element: "grass" },
    effect: null,
  },
  {
    id: "flame_blade",
    name: "Flame Blade",
    description: "Forged in a stack overflow.",
    slot: "weapon",
    rarity: "rare",
    priceCoins: 900,
    priceGems: 12,
    requiredLevel: 8,
    stats: { attack: 12, critChance: 0.05, element: "fire" },
    effect: null,
  },
  {
    id: "frost_trident",
    name: "Frost Trident",
    description: "Three prongs, zero race conditions.",
    slot: "weapon",
    rarity: "epic",
    priceCoins: 1500,
    priceGems: 25,
    requiredLevel: 12,
    stats: { attack: 16, defense: 2, element: "water" },
    effect: null,
  },
  {
    id: "worldtree_bow",
    name: "Worldtree Bow",
    description: "Carved from the root of every dependency tree.",
    slot: "weapon",
    rarity: "legendary",
    priceCoins: null,
    priceGems: 60,
    requiredLevel: 20,
    stats: { attack: 24, speed: 3, critChance: 0.1, element: "grass" },
    effect: null,
  },
  // Armor: defense and hp.
  {
    id: "leather_vest",
    name: "Leather Vest",
    description: "Stops splinters and the occasional null pointer.",
    slot: "armor",
    rarity: "common",
    priceCoins: 60,
    priceGems: null,
    requiredLevel: 1,
    stats: { defense: 3, hp: 10 },
    effect: null,
  },
  {
    id: "chainmail",
    name: "Chainmail",
    description: "Linked list armor: heavy, but every link holds.",
    slot: "armor",
    rarity: "uncommon",
    priceCoins: 400,
    priceGems: null,
    requiredLevel: 5,
    stats: { defense: 7, hp: 20, speed: -1 },
    effect: null,
  },
  {
    id: "dragonscale_armor",
    name: "Dragonscale Armor",
    description: "Shed by a dragon that never ships on Fridays.",
    slot: "armor",
    rarity: "epic",
    priceCoins: null,
    priceGems: 40,
    requiredLevel: 15,
    stats: { defense: 14, hp: 50 },
    effect: null,
  },
  // Accessories: small bonuses.
  {
    id: "lucky_charm",
    name: "Lucky Charm",
    description: "A rubber duck that sometimes finds the bug for you.",
    slot: "accessory",
    rarity: "common",
    priceCoins: 120,
    priceGems: null,
    requiredLevel: 2,
    stats: { critChance: 0.05 },
    effect: null,
  },
  {
    id: "swift_boots",
    name: "Swift Boots",
    description: "Act first, refactor later.",
    slot: "accessory",
    rarity: "uncommon",
    priceCoins: 250,
    priceGems: null,
    requiredLevel: 4,
    stats: { speed: 4 },
    effect: null,
  },
  {
    id: "ring_of_vitality",
    name: "Ring of Vitality",
    description: "Garbage-collects fatigue.",
    slot: "accessory",
    rarity: "rare",
    priceCoins: 800,
    priceGems: 10,
    requiredLevel: 10,
    stats: { hp: 40, defense: 2 },
    effect: null,
  },
  // Cosmetics: avatar parts only, no battle stats.
  {
    id: "wizard_hat",
    name: "Wizard Hat",
    description: "For those who write regular expressions from memory.",
    slot: "cosmetic",
    rarity: "common",
    priceCoins: 100,
    priceGems: null,
    requiredLevel: 1,
    stats: { avatar: { hat: "wizard" } },
    effect: null,
  },
  {
    id: "pixel_cape",
    name: "Pixel Cape",
    description: "A red cape, eight bits wide.",
    slot: "cosmetic",
    rarity: "uncommon",
    priceCoins: null,
    priceGems: 5,
    requiredLevel: 1,
    stats: { avatar: { cape: "pixel_red" } },
    effect: null,
  },
  {
    id: "golden_crown",
    name: "Golden Crown",
    description: "Worn by those who top the leaderboard, or want to look like it.",
    slot: "cosmetic",
    rarity: "legendary",
    priceCoins: null,
    priceGems: 30,
    requiredLevel: 10,
    stats: { avatar: { hat: "crown" } },
    effect: null,
  },
  // Consumables: stack, used up in battle.
  {
    id: "health_potion",
    name: "Health Potion",
    description: "Restores 40 HP.",
    slot: "consumable",
    rarity: "common",
    priceCoins: 25,
    priceGems: null,
    requiredLevel: 1,
    stats: {},
    effect: { heal: 40 },
  },
  {
    id: "mega_potion",
    name: "Mega Potion",
    description: "Restores 120 HP.",
    slot: "consumable",
    rarity: "uncommon",
    priceCoins: 80,
    priceGems: null,
    requiredLevel: 6,
    stats: {},
    effect: { heal: 120 },
  },
  {
    id: "focus_tonic",
    name: "Focus Tonic",
    description: "Coffee, distilled: +5 attack for 3 turns.",
    slot: "consumable",
    rarity: "uncommon",
    priceCoins: 60,
    priceGems: null,
    requiredLevel: 3,
    stats: {},
    effect: { buff: { attack: 5, turns: 3 } },
  },
  {
    id: "phoenix_feather",
    name: "Phoenix Feather",
    description: "Brings a fallen ally back with half their HP.",
    slot: "consumable",
    rarity: "rare",
    priceCoins: 400,
    priceGems: 3,
    requiredLevel: 5,
    stats: {},
    effect: { revive: { hpPercent: 50 } },
  },
];

const byId = new Map(itemCatalogue.map((i) => [i.id, i]));

/** Looks an item up by id. */
export function itemById(id: string): ItemDef | undefined {
  return byId.get(id);
}
