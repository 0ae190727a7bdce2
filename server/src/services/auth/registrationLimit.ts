import { ErrorCode } from "@levelup/shared";
import { AppError } from "../../errors.ts";
import type { Refusals } from "../integrity/Refusals.ts";
import type { RateLimit } from "../rateLimits.ts";
import { hashNetwork, networkOf } from "./registrationNetwork.ts";

/**
 * Registrations per network (registrationNetwork.ts) and hour: a farm of alt accounts from one
 * address is refused with 429 REGISTRATION_LIMITED and Retry-After, counted as the
 * `auth.registration_per_ip` refusal. Returns the network's stored hash for the new account.
 */
export class RegistrationLimit {
  constructor(private readonly deps: { limit: RateLimit; secret: string; refusals: Refusals }) {}

  async admit(ip: string): Promise<string> {
    const network = hashNetwork(this.deps.secret, networkOf(ip));
    try {
      await this.deps.limit.consume(network);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 429) throw err;
      this.deps.refusals.record("auth.registration_per_ip", undefined);
      throw new AppError(
        429,
        ErrorCode.REGISTRATION_LIMITED,
        "Too many accounts were created from this network; try again later",
        err.details,
        { headers: err.headers ?? {} },
      );
    }
    return network;
  }
}
