import { questTemplateCatalogue } from "@levelup/shared";
import { notInArray } from "drizzle-orm";
import { questTemplates } from "../schema.ts";
import type { ContentSet } from "./loader.ts";

/**
 * Quest templates, upserted by id. A template dropped from the file stops producing quests
 * (rows stay, for the quests already made from it).
 */
export const questTemplatesContent: ContentSet = {
  name: "quest-templates",
  data: questTemplateCatalogue,
  async apply(tx) {
    for (const template of questTemplateCatalogue) {
      const row = { ...template, active: true };
      await tx.insert(questTemplates).values(row).onConflictDoUpdate({ target: questTemplates.id, set: row });
    }
    await tx
      .update(questTemplates)
      .set({ active: false })
      .where(
        notInArray(
          questTemplates.id,
          questTemplateCatalogue.map((t) => t.id),
        ),
      );
  },
};
