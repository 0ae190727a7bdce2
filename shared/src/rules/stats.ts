/**
 * Derived battle stats of a player: a base that grows with level plus the equipped gear
 * (docs/game-rules.md, "Player stats grow with level and equipped gear"). Pure: callers pass the
 * level and the equipped items; the server, the dungeon rooms and the client all use this.
 */

/** Battle elements (seed): Fire > Grass > Water > Fire; "neutral" is 1.0 both ways. */
export const elements = ["neutral", "fire", "water", "grass"] as const;
export type Element = (typeof elements)[number];

/** Where an item goes. Only weapon, armor, accessory and cosmetic items can be equipped. */
export const itemSlots = ["weapon", "armor", "accessory", "cosmetic", "consumable"] as const;
export type ItemSlot = (typeof itemSlots)[number];

export const rarities = ["common", "uncommon", "rare", "epic", "legendary"] as const;
export type Rarity = (typeof rarities)[number];

/** Avatar parts a cosmetic sets, e.g. {hat: "wizard"}; the client draws them. */
export const avatarParts = ["hat", "cape", "aura", "pet"] as const;
export type AvatarPart = (typeof avatarParts)[number];
export type Avatar = Partial<Record<AvatarPart, string>>;

/** What a piece of gear adds (all optional); `element` only means something on a weapon. */
export interface ItemStats {
  attack?: number;
  defense?: number;
  hp?: number;
  speed?: number;
  /** Added to the crit chance, as a fraction (0.05 = +5 points). */
  critChance?: number;
  element?: Element;
  /** Cosmetics only. */
  avatar?: Avatar;
}

/** A temporary stat bonus for `turns` of the user's own turns. */
export interface BuffEffect {
  attack?: number;
  defense?: number;
  speed?: number;
  turns: number;
}

/**
 * What using a consumable does in battle; the dungeon rules apply it.
 * `heal`: HP restored (capped at maxHp). `revive`: a fallen player returns with that share of maxHp.
 */
export interface ConsumableEffect {
  heal?: number;
  buff?: BuffEffect;
  revive?: { hpPercent: number };
}

/** The equipped items as the stats function needs them. */
export interface EquippedGear {
  slot: ItemSlot;
  stats: ItemStats;
}

export interface PlayerStats {
  hp: number;
  maxHp: number;
  attack: number;
  defense: number;
  speed: number;
  /** Fraction 0–1. */
  critChance: number;
  element: Element;
}

/** Crit chance every player has before gear (GAME_RULES: 10%). */
export const BASE_CRIT_CHANCE = 0.1;
/** Crit chance never goes above this, whatever gear is stacked. */
export const MAX_CRIT_CHANCE = 0.5;

/** Stats of a player of `level` with no gear: hp +10, attack +2, defense +2, speed +1 per level above 1. */
export function baseStats(level: number): PlayerStats {
  const l = Math.max(1, Math.floor(level)) - 1;
  const hp = 100 + 10 * l;
  return {
    hp,
    maxHp: hp,
    attack: 10 + 2 * l,
    defense: 8 + 2 * l,
    speed: 10 + l,
    critChance: BASE_CRIT_CHANCE,
    element: "neutral",
  };
}

/**
 * A player's battle stats: base for the level plus every equipped item's bonuses; the element is
 * the equipped weapon's (neutral without one). Attack, defense and speed never drop below 1,
 * hp below 1, crit chance stays within 0–MAX_CRIT_CHANCE. `hp` is full health (= maxHp).
 */
export function playerStats(level: number, gear: readonly EquippedGear[]): PlayerStats {
  const s = baseStats(level);
  let element: Element = "neutral";
  for (const { slot, stats } of gear) {
    if (slot === "consumable") continue;
    s.maxHp += stats.hp ?? 0;
    s.attack += stats.attack ?? 0;
    s.defense += stats.defense ?? 0;
    s.speed += stats.speed ?? 0;
    s.critChance += stats.critChance ?? 0;
    if (slot === "weapon" && stats.element) element = stats.element;
  }
  const maxHp = Math.max(1, s.maxHp);
  return {
    hp: maxHp,
    maxHp,
    attack: Math.max(1, s.attack),
    defense: Math.max(1, s.defense),
    speed: Math.max(1, s.speed),
    critChance: Math.round(Math.min(MAX_CRIT_CHANCE, Math.max(0, s.critChance)) * 1000) / 1000,
    element,
  };
}

/**
 * The key under which an item is equipped: its slot, except cosmetics, which take one place per
 * avatar part, so a hat and a cape can be worn together.
 */
export function equipSlotOf(item: { slot: ItemSlot; stats: ItemStats }): string {
  if (item.slot !== "cosmetic") return item.slot;
  const part = Object.keys(item.stats.avatar ?? {})[0];
  return part ? `cosmetic:${part}` : "cosmetic";
}

/** The avatar the equipped cosmetics draw, e.g. {hat: "wizard", cape: "pixel_red"}. */
export function avatarOf(gear: readonly EquippedGear[]): Avatar {
  const avatar: Avatar = {};
  for (const { slot, stats } of gear) if (slot === "cosmetic") Object.assign(avatar, stats.avatar);
  return avatar;
}
