import {
  CURRENCIES,
  type Currency,
  currencyIds,
  type InventoryItem,
  type ItemDef,
  type ItemSlot,
  isStackable,
  itemCatalogue,
  type Rarity,
  type ShopItem,
} from "@levelup/shared";
import { badRequest } from "../../errors.ts";
import type { inventory, shopItems } from "../../db/schema.ts";

/**
 * The shop sells what the shared item catalogue lists (the content file is the source of truth;
 * the shop_items table mirrors it so inventories can reference items and SQL can report on them).
 */
export function toShopItem(def: ItemDef): ShopItem {
  return { ...def, stackable: isStackable(def) };
}

/** An item as stored in shop_items, typed back into the catalogue's shape. */
export function itemFromRow(row: typeof shopItems.$inferSelect): ShopItem {
  return toShopItem({
    id: row.id,
    name: row.name,
    description: row.description,
    slot: row.slot as ItemSlot,
    rarity: row.rarity as Rarity,
    priceCoins: row.priceCoins,
    priceGems: row.priceGems,
    requiredLevel: row.requiredLevel,
    stats: row.stats,
    effect: row.effect,
  });
}

/** An inventory row and its item as the API shows them (`slot` is the item's, not the equip place). */
export function toInventoryItem(row: typeof inventory.$inferSelect, item: ShopItem): InventoryItem {
  return {
    id: row.id,
    itemId: row.itemId,
    slot: item.slot,
    quantity: row.quantity,
    equipped: row.equipped,
    acquiredAt: row.acquiredAt.toISOString(),
    item,
  };
}

/** One page of the shop: GET /api/game/shop's answer. */
interface ShopPage {
  items: ShopItem[];
  nextCursor: string | null;
}

/**
 * The catalogue as the shop sells it, whole and by slot, with each item's place: built once (the
 * content does not change while the process runs), so a shop page is a slice, not a rebuild. The
 * whole list's page is built once too and shared by every request that asks for all of it (the
 * client's read), which HTTP serialises once (http/route.ts, sharedBodies).
 */
const shopLists = (() => {
  const lists = new Map<ItemSlot | undefined, { items: ShopItem[]; at: Map<string, number>; whole: ShopPage }>();
  const all = itemCatalogue.map(toShopItem);
  for (const slot of [undefined, ...new Set(all.map((i) => i.slot))]) {
    const items = all.filter((i) => !slot || i.slot === slot);
    lists.set(slot, { items, at: new Map(items.map((i, n) => [i.id, n])), whole: { items, nextCursor: null } });
  }
  return lists;
})();

/** A slot the catalogue sells nothing for. */
const NO_ITEMS = { items: [], at: new Map<string, number>(), whole: { items: [], nextCursor: null } };

/** One page of the catalogue, optionally of one slot; the cursor is the last id of the previous page. */
export function shopPage(query: { limit: number; cursor?: string; slot?: ItemSlot }): ShopPage {
  const { items, at, whole } = shopLists.get(query.slot) ?? NO_ITEMS;
  let start = 0;
  if (query.cursor !== undefined) {
    const index = at.get(query.cursor);
    if (index === undefined) {
      throw badRequest("Invalid query: cursor", { fields: [{ path: "cursor", message: "unknown cursor" }] });
    }
    start = index + 1;
  }
  if (start === 0 && query.limit >= items.length) return whole;
  const page = items.slice(start, start + query.limit);
  const more = start + query.limit < items.length;
  return { items: page, nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}

/** The unit price of an item in a currency, or null when it is not sold for it. */
export function unitPrice(item: ItemDef, currency: Currency): number | null {
  return item[CURRENCIES[currency].priceKey];
}

/** The currency a purchase uses when the client names none: the first of the table the item is sold for. */
export function defaultCurrency(item: ItemDef): Currency {
  return currencyIds.find((c) => unitPrice(item, c) !== null) ?? currencyIds[0];
}
