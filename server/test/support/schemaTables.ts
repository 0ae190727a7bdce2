import { is, type SQL } from "drizzle-orm";
import type { Database } from "../../src/db/client.ts";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import * as schema from "../../src/db/schema.ts";

/** The names of every table the drizzle schema declares (so new features' tables are covered too). */
export function schemaTableNames(): string[] {
  return (Object.values(schema).filter((value) => is(value, PgTable)) as PgTable[])
    .map((table) => getTableConfig(table).name)
    .sort();
}

/** Rows of a raw query; both drivers (PGlite, node-postgres) answer with `rows`. */
export async function queryRows<T>(database: Database, query: SQL): Promise<T[]> {
  const result = (await database.db.execute(query)) as { rows: T[] };
  return result.rows;
}
