import { itemCatalogue as items } from "@levelup/shared";
import { notInArray } from "drizzle-orm";
import { shopItems } from "../schema.ts";
import type { ContentSet } from "./loader.ts";

/** The shop catalogue: upserted by id; items dropped from the file stop being sold (rows stay for inventories). */
export const itemsContent: ContentSet = {
  name: "items",
  data: items,
  async apply(tx) {
    for (const [sortOrder, item] of items.entries()) {
      const row = { ...item, sortOrder, active: true };
      await tx.insert(shopItems).values(row).onConflictDoUpdate({ target: shopItems.id, set: row });
    }
    await tx
      .update(shopItems)
      .set({ active: false })
      .where(
        notInArray(
          shopItems.id,
          items.map((i) => i.id),
        ),
      );
  },
};
