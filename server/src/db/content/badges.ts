import { badgeCatalogue } from "@levelup/shared";
import { badges } from "../schema.ts";
import type { ContentSet } from "./loader.ts";

/** The built-in badges, upserted by id; badges created by admins are left alone. */
export const badgesContent: ContentSet = {
  name: "badges",
  data: badgeCatalogue,
  async apply(tx) {
    for (const badge of badgeCatalogue) {
      await tx.insert(badges).values(badge).onConflictDoUpdate({ target: badges.id, set: badge });
    }
  },
};
