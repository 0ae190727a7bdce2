import { DUNGEONS } from "@levelup/shared";
import { dungeons } from "../schema.ts";
import type { ContentSet } from "./loader.ts";

/** The dungeons (shared/src/content/dungeons.ts), upserted by id; battles refer to them. */
export const dungeonsContent: ContentSet = {
  name: "dungeons",
  data: DUNGEONS,
  async apply(tx) {
    for (const [sortOrder, d] of DUNGEONS.entries()) {
      const row = {
        id: d.id,
        name: d.name,
        description: d.description,
        difficulty: d.difficulty,
        requiredLevel: d.requiredLevel,
        element: d.element,
        enemies: d.enemies,
        rewards: d.rewards,
        sortOrder,
      };
      await tx.insert(dungeons).values(row).onConflictDoUpdate({ target: dungeons.id, set: row });
    }
  },
};
