import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { rateLimited } from "../../errors.ts";

/** Failed logins of one identifier from one IP before it has to wait. */
export const FREE_FAILURES = 5;
/** The longest wait: the backoff doubles per failure up to this. */
const MAX_BACKOFF_SECONDS = 15 * 60;
/** Attempts (of any kind) one IP may make per minute; successes are given back. */
const PER_IP_PER_MINUTE = 30;
/** How long failures are remembered without a new one. */
const FAILURE_MEMORY_SECONDS = 3600;

/**
 * Password guessing protection that cannot be turned against the account's owner:
 * - counts are per (identifier as typed, IP) and per IP, never per account alone, so an
 *   attacker elsewhere cannot keep the owner out;
 * - past FREE_FAILURES the pair waits 1, 2, 4… seconds (up to 15 minutes) between attempts
 *   instead of being locked, and a success clears it;
 * - the identifier is the one typed (lower-cased), not the account it resolves to, and the
 *   check runs before the account is looked up: a username and its email share no budget, so
 *   the answers cannot tell which email belongs to which account.
 * Counters live in Redis when configured (shared by every process), in memory otherwise.
 */
export class LoginProtection {
  private readonly perIp: RateLimiterAbstract;
  private readonly failures: RateLimiterAbstract;
  /** A pair that must wait is "blocked" here for its backoff. */
  private readonly waits: RateLimiterAbstract;

  constructor(redis?: Redis) {
    const limiter = (keyPrefix: string, points: number, duration: number) => {
      const options = { keyPrefix, points, duration };
      return redis
        ? new RateLimiterRedis({
            storeClient: redis,
            useRedisPackage: false,
            ...options,
            keyPrefix: `rl:${keyPrefix}`,
            // While Redis is unreachable each process counts on its own rather than failing logins.
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
    };
    this.perIp = limiter("login-ip", PER_IP_PER_MINUTE, 60);
    this.failures = limiter("login-failures", Number.MAX_SAFE_INTEGER, FAILURE_MEMORY_SECONDS);
    this.waits = limiter("login-wait", 1, 1);
  }

  /** Counts an attempt; throws the contract's 429 (with Retry-After) when the IP or the pair must wait. */
  async beforeAttempt(identifier: string, ip: string): Promise<void> {
    const wait = await this.waits.get(pairKey(identifier, ip));
    if (wait && wait.consumedPoints > 1 && wait.msBeforeNext > 0) throw rateLimited(wait.msBeforeNext / 1000);
    try {
      await this.perIp.consume(ip);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw rateLimited(err.msBeforeNext / 1000);
      throw err;
    }
  }

  /** A wrong password or an unknown identifier: past the free failures, the pair waits twice as long each time. */
  async failed(identifier: string, ip: string): Promise<void> {
    const key = pairKey(identifier, ip);
    const { consumedPoints } = await this.failures.penalty(key, 1);
    if (consumedPoints >= FREE_FAILURES) {
      const seconds = Math.min(MAX_BACKOFF_SECONDS, 2 ** (consumedPoints - FREE_FAILURES));
      await this.waits.block(key, seconds);
    }
  }

  /** The right password: the IP gets its attempt back and the pair's failures are forgotten. */
  async succeeded(identifier: string, ip: string): Promise<void> {
    const key = pairKey(identifier, ip);
    await Promise.all([this.perIp.reward(ip, 1), this.failures.delete(key), this.waits.delete(key)]);
  }
}

const pairKey = (identifier: string, ip: string) => `${identifier.toLowerCase()}|${ip}`;
