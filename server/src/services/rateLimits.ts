import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { rateLimited } from "../errors.ts";

export interface LimitOptions {
  /** Distinguishes the counters of one limit from another's. */
  keyPrefix: string;
  /** Events allowed per window. */
  points: number;
  /** Window length in seconds. */
  duration: number;
  /** Seconds a key stays blocked once it ran out (default: until the window ends). */
  blockDuration?: number;
}

/**
 * A named limit whose counters live in Redis when configured (shared by every process)
 * and in memory otherwise.
 */
export class RateLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(options: LimitOptions, redis?: Redis) {
    this.limiter = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          useRedisPackage: false,
          ...options,
          keyPrefix: `rl:${options.keyPrefix}`,
          // While Redis is unreachable each process counts on its own rather than failing logins.
          insuranceLimiter: new RateLimiterMemory(options),
        })
      : new RateLimiterMemory(options);
  }

  /** Counts one event for `key`; throws the contract's 429 (with Retry-After) when over the limit. */
  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(key, points);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rateLimited(err.msBeforeNext / 1000);
      throw err;
    }
  }

  /** Gives back points counted for `key` (e.g. an attempt that turned out legitimate). */
  async reward(key: string, points = 1): Promise<void> {
    await this.limiter.reward(key, points);
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
