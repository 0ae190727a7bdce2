import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { type Database, openDatabase } from "../src/db/client.ts";
import { queryRows, schemaTableNames } from "./support/schemaTables.ts";
import { createThrowawayDatabase } from "./support/throwawayDatabase.ts";

const journal = JSON.parse(readFileSync(new URL("../drizzle/meta/_journal.json", import.meta.url), "utf8")) as {
  entries: unknown[];
};

async function publicTables(database: Database): Promise<string[]> {
  const rows = await queryRows<{ table_name: string }>(
    database,
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  return rows.map((r) => r.table_name).sort();
}

async function appliedMigrations(database: Database): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return row?.n ?? 0;
}

/** Opens an empty database twice: the first opening migrates it, the second finds nothing to do. */
async function checkMigratesFromEmpty(open: () => Promise<Database>): Promise<void> {
  const first = await open();
  try {
    assert.deepEqual(await publicTables(first), schemaTableNames());
    assert.equal(await appliedMigrations(first), journal.entries.length);
  } finally {
    await first.close();
  }
  const second = await open();
  try {
    assert.equal(await appliedMigrations(second), journal.entries.length);
    assert.deepEqual(await publicTables(second), schemaTableNames());
  } finally {
    await second.close();
  }
}

describe("migrations", () => {
  it("when an empty PGlite directory is opened twice, then it migrates once and reopens as it was", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "levelup-migrate-"));
    try {
      await checkMigratesFromEmpty(() => openDatabase({ dataDir: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("when a fresh PostgreSQL database is opened twice, then it migrates once and reopens as it was", async () => {
    const { url, drop } = await createThrowawayDatabase();
    try {
      await checkMigratesFromEmpty(() => openDatabase({ url, poolSize: 2 }));
    } finally {
      await drop();
    }
  });
});
