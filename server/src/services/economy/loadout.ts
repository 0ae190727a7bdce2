import { avatarOf, type ItemSlot, type ItemStats, type Loadout, playerStats, type Rarity } from "@levelup/shared";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../../db/client.ts";
import { inventory, profiles, shopItems } from "../../db/schema.ts";
import { notFound } from "../../errors.ts";

/**
 * A user's equipped items with the battle stats and avatar they give (level + gear, through the
 * shared `playerStats`). The profile route and the dungeon rooms read it; pass a transaction to
 * read it consistently with writes made in it.
 */
export async function loadoutOf(db: Executor, userId: string): Promise<Loadout> {
  const [profile] = await db
    .select({ level: profiles.level })
    .from(profiles)
    .where(eq(profiles.userId, userId))
    .limit(1);
  if (!profile) throw notFound("Profile");
  return loadoutAtLevel(db, userId, profile.level);
}

/** The columns of an equipped item (inventory joined with the shop): every loadout read selects these. */
export const equippedItemColumns = {
  inventoryItemId: inventory.id,
  itemId: shopItems.id,
  name: shopItems.name,
  slot: shopItems.slot,
  rarity: shopItems.rarity,
  stats: shopItems.stats,
};

/** The loadout of a user whose level the caller has already read (one query fewer on hot paths). */
export async function loadoutAtLevel(db: Executor, userId: string, level: number): Promise<Loadout> {
  const rows = await db
    .select(equippedItemColumns)
    .from(inventory)
    .innerJoin(shopItems, eq(shopItems.id, inventory.itemId))
    .where(and(eq(inventory.userId, userId), eq(inventory.equipped, true)))
    .orderBy(asc(shopItems.sortOrder));
  return loadoutFrom(level, rows);
}

/** An equipped item as read from inventory joined with the shop. */
export interface EquippedRow {
  inventoryItemId: string;
  itemId: string;
  name: string;
  slot: ItemSlot;
  rarity: Rarity;
  stats: ItemStats;
}

/** An item's columns as a left join of the inventory gives them: all null on a row without an item. */
export type JoinedItemColumns = { [K in keyof EquippedRow]: EquippedRow[K] | null };

/** The item of a row read with `equippedItemColumns` through a left join, or undefined when it has none. */
export function joinedItem(row: JoinedItemColumns): EquippedRow | undefined {
  const { inventoryItemId, itemId, name, slot, rarity, stats } = row;
  if (inventoryItemId === null || itemId === null || name === null || slot === null) return undefined;
  if (rarity === null || stats === null) return undefined;
  return { inventoryItemId, itemId, name, slot, rarity, stats };
}

/** The loadout of a level and equipped items already read (e.g. in the same query as the profile). */
export function loadoutFrom(level: number, rows: EquippedRow[]): Loadout {
  return { equipped: rows, stats: playerStats(level, rows), avatar: avatarOf(rows) };
}
