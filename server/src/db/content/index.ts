import { itemsContent } from "./items.ts";
import type { ContentSet } from "./loader.ts";

/** Every content set the server loads at start, in dependency order. Features add theirs here. */
export const contentSets: ContentSet[] = [itemsContent];
