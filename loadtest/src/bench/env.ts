import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

/** A marker key: the Redis logical database holding it is the bench's for the run. */
const OWNER_KEY = "levelup:bench:owner";

/**
 * The stores of one bench run: a throw-away PostgreSQL database (on TEST_DATABASE_URL's server;
 * name from BENCH_DATABASE_NAME or random) and a Redis logical database the bench owns. Nothing the
 * bench did not create is wiped: the Redis database is BENCH_REDIS_DB, or the first of 1–15 that is
 * empty; it must be empty when taken (claimed with a marker key, SET NX, so two runs cannot share
 * it), and it is emptied at the end only while it still holds this run's marker.
 */
export async function benchStores(): Promise<{ databaseUrl: string; redisUrl: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = process.env.BENCH_DATABASE_NAME ?? `levelup_bench_${randomBytes(5).toString("hex")}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`BENCH_DATABASE_NAME ${name}: lower-case letters, digits, _`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(`npm run bench needs PostgreSQL (TEST_DATABASE_URL=${adminUrl}): ${err.message}`);
  });
  // Creating it (not reusing one) is what makes dropping it at the end safe.
  await admin.query(`create database ${name}`);
  await admin.end();
  const db = new URL(adminUrl);
  db.pathname = `/${name}`;

  const base = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const token = randomBytes(8).toString("hex");
  const wanted = process.env.BENCH_REDIS_DB;
  const candidates = wanted === undefined ? Array.from({ length: 15 }, (_, i) => i + 1) : [Number(wanted)];
  let redisUrl: URL | undefined;
  for (const index of candidates) {
    const url = new URL(base);
    url.pathname = `/${index}`;
    const redis = new Redis(url.toString(), { maxRetriesPerRequest: 1, retryStrategy: () => null });
    try {
      if ((await redis.dbsize()) !== 0) continue;
      if ((await redis.set(OWNER_KEY, token, "NX")) !== "OK" || (await redis.dbsize()) !== 1) continue;
      redisUrl = url;
      break;
    } catch (err) {
      throw new Error(`npm run bench needs Redis (REDIS_URL=${base}): ${(err as Error).message}`);
    } finally {
      await redis.quit();
    }
  }
  if (!redisUrl) {
    throw new Error(
      `no empty Redis logical database among ${candidates.join(", ")}: set BENCH_REDIS_DB to an empty one (the bench never wipes data it did not create)`,
    );
  }
  const owned = redisUrl.toString();
  return {
    databaseUrl: db.toString(),
    redisUrl: owned,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      const redis = new Redis(owned, { maxRetriesPerRequest: 1, retryStrategy: () => null });
      try {
        // Still ours (the marker is this run's): everything in it was written by this run's servers.
        if ((await redis.get(OWNER_KEY)) === token) await redis.flushdb();
      } finally {
        await redis.quit();
      }
    },
  };
}
