import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import pg from "pg";
import { lockDataDir } from "./dataDirLock.ts";
import { type QueryObserver, timedPgClient, timePglite } from "./queryTiming.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: services accept both so they can be composed. */
export type Executor = Db | Tx;

/**
 * The rows of a raw statement (one drizzle's builders cannot express, e.g. several writes in
 * one round trip). Both drivers answer `execute` with `{ rows }`; values come as the driver
 * parses them (jsonb as objects, bigint as text), not mapped by the schema's columns.
 */
export async function rowsOf<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as { rows: T[] };
  return result.rows;
}

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");

/**
 * Opens PostgreSQL when `url` is set, otherwise the embedded PGlite in `dataDir`
 * ("memory://" keeps it in memory), and applies the versioned migrations. With `onQuery`, every
 * statement's time is reported under a bounded name (queryTiming.ts), for /metrics.
 */
export async function openDatabase(opts: {
  url?: string;
  dataDir?: string;
  poolSize?: number;
  onQuery?: QueryObserver;
}): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 20,
      ...(opts.onQuery ? { Client: timedPgClient(opts.onQuery) } : {}),
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    await migratePg(db as never, { migrationsFolder });
    return {
      db,
      kind: "postgres",
      ping: async () => {
        await pool.query("select 1");
      },
      close: () => pool.end(),
    };
  }
  const dir = opts.dataDir ?? "memory://";
  if (dir.startsWith("memory://")) return openPglite(new PGlite(dir), opts.onQuery);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const release = lockDataDir(dir);
  try {
    const database = await openPglite(new PGlite(path.join(dir, "pglite")), opts.onQuery);
    ownerOnly(dir);
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
          ownerOnly(dir);
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

async function openPglite(client: PGlite, onQuery?: QueryObserver): Promise<Database> {
  await client.waitReady;
  if (onQuery) timePglite(client, onQuery);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return {
    db,
    kind: "pglite",
    ping: async () => {
      await client.query("select 1");
    },
    close: () => client.close(),
  };
}

/**
 * Takes group and other permissions off everything under `dir`: PGlite writes its files with the
 * process umask (often 0644). The directories are 0700 too, so files PGlite adds later are out of
 * others' reach as well.
 */
function ownerOnly(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const { mode } = lstatSync(file);
    if (!entry.isSymbolicLink() && mode & 0o077) chmodSync(file, mode & 0o700);
  }
}
