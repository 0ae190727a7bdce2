import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db, Tx } from "../client.ts";
import { contentVersions } from "../schema.ts";

/**
 * One versioned file of game content (dungeons, items, badges…) and how to write it.
 * `apply` must upsert by stable id so that loading twice changes nothing.
 */
export interface ContentSet {
  name: string;
  data: unknown;
  apply(tx: Tx): Promise<void>;
}

/**
 * Loads every content set whose data changed since the last load (compared by hash), each in
 * its own transaction. Called at every start; a set that did not change costs one query.
 */
export async function loadContent(db: Db, sets: ContentSet[]): Promise<string[]> {
  const loaded: string[] = [];
  for (const set of sets) {
    const hash = createHash("sha256").update(JSON.stringify(set.data)).digest("hex");
    const [current] = await db.select().from(contentVersions).where(eq(contentVersions.name, set.name));
    if (current?.hash === hash) continue;
    await db.transaction(async (tx) => {
      await set.apply(tx);
      await tx
        .insert(contentVersions)
        .values({ name: set.name, hash })
        .onConflictDoUpdate({ target: contentVersions.name, set: { hash, loadedAt: new Date() } });
    });
    loaded.push(set.name);
  }
  return loaded;
}
