import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import pg from "pg";

/** A throw-away PostgreSQL database (on TEST_DATABASE_URL's server) and a flushed Redis logical DB for one bench run. */
export async function benchStores(): Promise<{ databaseUrl: string; redisUrl: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `levelup_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect().catch((err: Error) => {
    throw new Error(`npm run bench needs PostgreSQL (TEST_DATABASE_URL=${adminUrl}): ${err.message}`);
  });
  await admin.query(`create database ${name}`);
  await admin.end();
  const db = new URL(adminUrl);
  db.pathname = `/${name}`;
  const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  redisUrl.pathname = `/${1 + ((process.pid + 11) % 15)}`;
  const redis = new Redis(redisUrl.toString(), { maxRetriesPerRequest: 1, retryStrategy: () => null });
  await redis.flushdb().catch((err: Error) => {
    throw new Error(`npm run bench needs Redis (REDIS_URL=${redisUrl}): ${err.message}`);
  });
  await redis.quit();
  return {
    databaseUrl: db.toString(),
    redisUrl: redisUrl.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
