import { z } from "zod";
import { currencyIds } from "../rules/currencies.ts";
import type { Avatar, ConsumableEffect, ItemStats, PlayerStats } from "../rules/stats.ts";
import { avatarParts, elements, itemSlots, rarities } from "../rules/stats.ts";
import { isoDate, limitSchema } from "./common.ts";

export const elementSchema = z.enum(elements);
export const itemSlotSchema = z.enum(itemSlots);
export const raritySchema = z.enum(rarities);

export const avatarSchema: z.ZodType<Avatar> = z.partialRecord(z.enum(avatarParts), z.string());

export const itemStatsSchema: z.ZodType<ItemStats> = z.object({
  attack: z.number().optional(),
  defense: z.number().optional(),
  hp: z.number().optional(),
  speed: z.number().optional(),
  critChance: z.number().optional().describe("fraction added to the crit chance, 0.05 = +5 points"),
  element: elementSchema.optional(),
  avatar: avatarSchema.optional(),
});

export const consumableEffectSchema: z.ZodType<ConsumableEffect> = z.object({
  heal: z.number().int().optional().describe("HP restored, capped at maxHp"),
  buff: z
    .object({
      attack: z.number().optional(),
      defense: z.number().optional(),
      speed: z.number().optional(),
      turns: z.number().int(),
    })
    .optional(),
  revive: z.object({ hpPercent: z.number() }).optional(),
});

export const playerStatsSchema: z.ZodType<PlayerStats> = z.object({
  hp: z.number().int(),
  maxHp: z.number().int(),
  attack: z.number().int(),
  defense: z.number().int(),
  speed: z.number().int(),
  critChance: z.number().describe("fraction 0–1"),
  element: elementSchema,
});

export const shopItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  slot: itemSlotSchema,
  rarity: raritySchema,
  priceCoins: z.number().int().nullable().describe("null: not sold for coins"),
  priceGems: z.number().int().nullable().describe("null: not sold for gems"),
  requiredLevel: z.number().int(),
  stackable: z.boolean().describe("consumables stack; gear is owned once"),
  stats: itemStatsSchema,
  effect: consumableEffectSchema.nullable(),
});
export type ShopItem = z.infer<typeof shopItemSchema>;

export const shopQuery = z.object({
  limit: limitSchema,
  cursor: z.string().max(200).optional(),
  slot: itemSlotSchema.optional(),
});
export const shopResponse = z.object({ items: z.array(shopItemSchema), nextCursor: z.string().nullable() });

export const currencySchema = z.enum(currencyIds);

export const purchaseBody = z.object({
  itemId: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(99).default(1).describe("only consumables may be bought more than one at once"),
  currency: currencySchema.optional().describe("default: coins when the item is sold for coins, else gems"),
});
export type PurchaseBody = z.infer<typeof purchaseBody>;

export const inventoryItemSchema = z.object({
  id: z.string().describe("inventory item id (for equip)"),
  itemId: z.string(),
  slot: itemSlotSchema,
  quantity: z.number().int(),
  equipped: z.boolean(),
  acquiredAt: isoDate,
  item: shopItemSchema,
});
export type InventoryItem = z.infer<typeof inventoryItemSchema>;

export const purchaseResponse = z.object({
  coins: z.number().int().describe("balance after the purchase"),
  gems: z.number().int().describe("balance after the purchase"),
  inventoryItem: inventoryItemSchema,
});
export type PurchaseResponse = z.infer<typeof purchaseResponse>;

export const inventoryQuery = z.object({ limit: limitSchema, cursor: z.string().max(200).optional() });
export const inventoryResponse = z.object({
  items: z.array(inventoryItemSchema),
  nextCursor: z.string().nullable(),
});

export const equipBody = z.object({
  inventoryItemId: z.string().min(1).max(64),
  equip: z.boolean(),
});
export type EquipBody = z.infer<typeof equipBody>;

/** An equipped item as the profile and the dungeon show it. */
export const equippedItemSchema = z.object({
  inventoryItemId: z.string(),
  itemId: z.string(),
  name: z.string(),
  slot: itemSlotSchema,
  rarity: raritySchema,
  stats: itemStatsSchema,
});
export type EquippedItem = z.infer<typeof equippedItemSchema>;

/** A player's equipped set with the battle stats and avatar it gives (also the equip route's answer). */
export const loadoutSchema = z.object({
  equipped: z.array(equippedItemSchema),
  stats: playerStatsSchema,
  avatar: avatarSchema,
});
export type Loadout = z.infer<typeof loadoutSchema>;
