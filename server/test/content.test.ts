import assert from "node:assert/strict";
import { sql } from "drizzle-orm";
import { type Database, openDatabase } from "../src/db/client.ts";
import { contentSets } from "../src/db/content/index.ts";
import { loadContent } from "../src/db/content/loader.ts";
import { contentVersions } from "../src/db/schema.ts";
import { queryRows, schemaTableNames } from "./support/schemaTables.ts";
import { testStack } from "./support/testServer.ts";
import { createThrowawayDatabase } from "./support/throwawayDatabase.ts";

/** Rows per table of the whole schema. */
async function rowCounts(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of schemaTableNames()) {
    const [row] = await queryRows<{ n: number }>(
      database,
      sql`select count(*)::int as n from ${sql.identifier(table)}`,
    );
    counts[table] = row?.n ?? 0;
  }
  return counts;
}

describe("game content loading", () => {
  let database: Database;
  let drop: (() => Promise<void>) | undefined;

  before(async () => {
    // An empty database of this run's kind, apart from the test server's.
    if (testStack === "postgres") {
      const throwaway = await createThrowawayDatabase();
      drop = throwaway.drop;
      database = await openDatabase({ url: throwaway.url, poolSize: 2 });
    } else {
      database = await openDatabase({ dataDir: "memory://" });
    }
  });

  after(async () => {
    await database.close();
    await drop?.();
  });

  it("when the content is loaded twice, then the second load loads nothing and changes no row", async () => {
    const first = await loadContent(database.db, contentSets);
    assert.deepEqual(
      first,
      contentSets.map((s) => s.name),
    );
    const afterFirst = await rowCounts(database);
    const second = await loadContent(database.db, contentSets);
    assert.deepEqual(second, []);
    assert.deepEqual(await rowCounts(database), afterFirst);
  });

  it("when every set is applied again (its version forgotten), then the upserts change no row count", async () => {
    await loadContent(database.db, contentSets);
    const before = await rowCounts(database);
    await database.db.delete(contentVersions);
    const reloaded = await loadContent(database.db, contentSets);
    assert.deepEqual(
      reloaded,
      contentSets.map((s) => s.name),
    );
    assert.deepEqual(await rowCounts(database), before);
  });
});
