import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

/** A marker key: the Redis logical database holding it is the bench's for the run. */
const OWNER_KEY = "levelup:bench:owner";

/**
 * The stores of one bench run: a throw-away PostgreSQL database (on TEST_DATABASE_URL's server;
 * name from BENCH_DATABASE_NAME or random) and a Redis logical database the bench owns. Nothing the
 * bench did not create is wiped: the Redis database is BENCH_REDIS_DB, or the first of 1–15 that is
 * empty; it must be empty when taken (checked and claimed with a marker key in one script, so two
 * runs, or a run and a test, cannot share it), and it is emptied at the end only while it still
 * holds this run's marker (checked and emptied in one script too).
 */
export async function benchStores(): Promise<{ databaseUrl: string; redisUrl: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = process.env.BENCH_DATABASE_NAME ?? `levelup_bench_${randomBytes(5).toString("hex")}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name))
    throw new Error(`BENCH_DATABASE_NAME ${name}: lower-case letters, digits, _`);
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
      // Claimed only while empty, in one step (another run, or a test, may be looking at it too).
      const claimed = await redis.eval(
        "if redis.call('dbsize') == 0 then redis.call('set', KEYS[1], ARGV[1]) return 1 end return 0",
        1,
        OWNER_KEY,
        token,
      );
      if (claimed !== 1) continue;
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

  // The database comes second: a run that found no Redis database to claim leaves no database behind.
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect().catch((err: Error) => {
      throw new Error(`npm run bench needs PostgreSQL (TEST_DATABASE_URL=${adminUrl}): ${err.message}`);
    });
    // Creating it (not reusing one) is what makes dropping it at the end safe.
    await admin.query(`create database ${name}`);
  } catch (err) {
    await releaseRedis(owned, token);
    throw err;
  } finally {
    await admin.end().catch(() => {});
  }
  const db = new URL(adminUrl);
  db.pathname = `/${name}`;

  return {
    databaseUrl: db.toString(),
    redisUrl: owned,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await releaseRedis(owned, token);
    },
  };
}

/** Empties the claimed Redis database if it is still this run's (the marker is `token`): everything in it was written by this run's servers. */
async function releaseRedis(url: string, token: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('flushdb') end return 0",
      1,
      OWNER_KEY,
      token,
    );
  } finally {
    await redis.quit();
  }
}
