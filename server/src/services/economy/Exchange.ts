import { randomUUID } from "node:crypto";
import { balancesOf, coinsForGems, type ExchangeResponse } from "@levelup/shared";
import type { Db } from "../../db/client.ts";
import type { GrantResult, Progression } from "../progression/Progression.ts";
import { claimKey, rememberResponse, requestHash } from "./idempotency.ts";

export interface ExchangeDeps {
  db: Db;
  progression: Progression;
}

/** The currency exchange (POST /api/game/shop/exchange): coins to gems at the rate of `rules/exchange.ts`. */
export class Exchange {
  constructor(private readonly deps: ExchangeDeps) {}

  /**
   * Converts coins to gems in one grant (one transaction, balance checked under the profile
   * lock: 422 INSUFFICIENT_FUNDS). With an `idempotencyKey` a retry returns the first answer and
   * pays once; the key with another amount is 422 IDEMPOTENCY_KEY_REUSED.
   */
  async buyGems(userId: string, gems: number, idempotencyKey?: string): Promise<ExchangeResponse> {
    const grant = { userId, reason: "exchange", coins: -coinsForGems(gems), gems };
    const answer = (r: GrantResult): ExchangeResponse => ({
      ...balancesOf(r),
      coinsSpent: -r.coinsGained,
      gemsGained: r.gemsGained,
    });
    if (!idempotencyKey) {
      return answer(await this.deps.progression.grant({ ...grant, ref: `exchange:${randomUUID()}` }));
    }
    const key = { userId, scope: "exchange", key: idempotencyKey };
    const request = requestHash({ gems });
    const outcome = await this.deps.db.transaction(async (tx) => {
      const first = await claimKey<ExchangeResponse>(tx, key, request);
      if (first) return { response: first, pending: undefined };
      const pending = await this.deps.progression.grantInTx(tx, { ...grant, ref: `exchange:key:${idempotencyKey}` });
      const response = answer(pending.result);
      await rememberResponse(tx, key, request, 200, response);
      return { response, pending };
    });
    await outcome.pending?.publish();
    return outcome.response;
  }
}
