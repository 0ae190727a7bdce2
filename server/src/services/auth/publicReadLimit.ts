import type { RateLimit } from "../rateLimits.ts";
import { hashNetwork, networkOf } from "./registrationNetwork.ts";

/**
 * Reads of the public routes without a token, counted per network (an IPv4 address, an IPv6 /64:
 * registrationNetwork.ts) and kept under its keyed hash, so the counters never hold an address.
 * Over PUBLIC_READS_PER_IP_PER_MINUTE the read is a 429 with Retry-After; signed-in reads are not counted.
 */
export class PublicReadLimit {
  constructor(private readonly deps: { limit: RateLimit; secret: string }) {}

  async consume(ip: string): Promise<void> {
    await this.deps.limit.consume(hashNetwork(this.deps.secret, networkOf(ip)));
  }
}
