import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { ErrorCode } from "@levelup/shared";
import { AppError } from "../../errors.ts";

/** Longest a holder may keep a lock: a process that dies holding it blocks the others this long at most. */
const LOCK_TTL_MS = 10_000;
/** How long a caller waits for a lock before giving up with 503. */
const WAIT_MS = 15_000;
const RETRY_MS = 25;

/** Deletes the key only while it still holds the caller's token (a lock that expired is someone else's now). */
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

/**
 * Runs critical sections one at a time per key, across every process of the game: with Redis a
 * `SET NX PX` lock (the token makes sure only its holder releases it), without Redis (one process)
 * a chain of promises per key. The queue's find-or-create of a lobby runs under it, so that two
 * players queueing at the same moment land in one lobby instead of opening two.
 */
export class BucketLock {
  private readonly local = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: Redis | undefined,
    private readonly prefix: string,
  ) {}

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    if (!this.redis) return this.runLocally(key, section);
    const redisKey = `${this.prefix}:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + WAIT_MS;
    while ((await this.redis.set(redisKey, token, "PX", LOCK_TTL_MS, "NX")) !== "OK") {
      if (Date.now() > deadline) throw busy();
      await new Promise((r) => setTimeout(r, RETRY_MS));
    }
    try {
      return await section();
    } finally {
      await this.redis.eval(RELEASE_SCRIPT, 1, redisKey, token);
    }
  }

  private runLocally<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.local.get(key) ?? Promise.resolve();
    const run = previous.then(section, section);
    const tail = run.catch(() => {});
    this.local.set(key, tail);
    void tail.then(() => {
      if (this.local.get(key) === tail) this.local.delete(key);
    });
    return run;
  }
}

function busy(): AppError {
  return new AppError(503, ErrorCode.SERVICE_UNAVAILABLE, "Matchmaking is busy, try again shortly", undefined, {
    headers: { "Retry-After": "2" },
  });
}
