import { hostname } from "node:os";
import { Redis } from "ioredis";

/** The key that marks a Redis logical database as this test support's, with who holds it. */
export const OWNER_KEY = "levelup-test:owner";

const unreachable = (url: string, err: unknown) =>
  new Error(
    `Redis is unreachable at ${url} (${(err as Error).message}). The PostgreSQL-stack tests need Redis: ` +
      "set REDIS_URL (default redis://127.0.0.1:6379) to a Redis they may use, or start one, e.g. " +
      "`redis-server --port 6379 --save '' --appendonly no` or `docker run -p 6379:6379 redis:7`.",
  );

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A Redis logical database (1–15) for this test run on the server of REDIS_URL: one that is empty
 * when asked for (or holds only what an earlier test run, now gone, left under our owner mark).
 * It is marked with OWNER_KEY so no other run takes it. Nothing in a database that holds anyone
 * else's keys is ever touched. `release` empties the database (it is ours) and gives it back.
 */
export async function claimRedisDb(): Promise<{ url: string; release: () => Promise<void> }> {
  const base = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const me = JSON.stringify({ pid: process.pid, host: hostname() });
  for (let i = 0; i < 15; i++) {
    const url = new URL(base);
    url.pathname = `/${1 + ((process.pid + i) % 15)}`;
    const redis = new Redis(url.toString(), { maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
    try {
      await redis.connect().catch((err) => {
        throw unreachable(base, err);
      });
      // Claim only an empty database, atomically: another run may be looking at the same one.
      const claimed = await redis.eval(
        "if redis.call('dbsize') == 0 then redis.call('set', KEYS[1], ARGV[1]) return 1 end return 0",
        1,
        OWNER_KEY,
        me,
      );
      if (claimed === 1 || (await leftByGoneRun(redis, me))) {
        return { url: url.toString(), release: () => release(url.toString(), me) };
      }
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(
    `no empty Redis logical database (1–15) on ${base}: the tests use only a database that holds nobody's ` +
      "keys. Point REDIS_URL at a Redis for tests, or free one of its databases.",
  );
}

/** A database marked by a test run of this host whose process is gone: ours to take over (emptied). */
async function leftByGoneRun(redis: Redis, me: string): Promise<boolean> {
  const mark = await redis.get(OWNER_KEY);
  if (!mark) return false;
  const owner = JSON.parse(mark) as { pid: number; host: string };
  if (owner.host !== hostname() || alive(owner.pid)) return false;
  // Take it over only if the mark is still the gone run's (another run may have been quicker).
  const taken = await redis.eval(
    "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('flushdb') redis.call('set', KEYS[1], ARGV[2]) return 1 end return 0",
    1,
    OWNER_KEY,
    mark,
    me,
  );
  return taken === 1;
}

async function release(url: string, me: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    // Empties the database only while it still carries our mark.
    await redis.eval(
      "if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('flushdb') end return 0",
      1,
      OWNER_KEY,
      me,
    );
  } finally {
    redis.disconnect();
  }
}
