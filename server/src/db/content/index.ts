import { itemsContent } from "./items.ts";
import { badgesContent } from "./badges.ts";
import { dungeonsContent } from "./dungeons.ts";
import { challengesContent } from "./challenges.ts";
import type { ContentSet } from "./loader.ts";
import { questTemplatesContent } from "./questTemplates.ts";

/** Every content set the server loads at start, in dependency order. Features add theirs here. */
export const contentSets: ContentSet[] = [
  itemsContent,
  badgesContent,
  questTemplatesContent,
  dungeonsContent,
  challengesContent,
];
