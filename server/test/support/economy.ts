import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { ledger, profiles } from "../../src/db/schema.ts";
import type { TestUser } from "./api.ts";
import { testServer } from "./testServer.ts";

/** Gives a user coins, gems and XP the way the game does: one progression grant. */
export async function fund(user: TestUser, amounts: { coins?: number; gems?: number; xp?: number }): Promise<void> {
  const { server } = await testServer();
  await server.ctx.progression.grant({ userId: user.id, ref: `test:${randomUUID()}`, reason: "test", ...amounts });
}

/** The user's balances as stored, and what the ledger sums to per currency. */
export async function balances(user: TestUser) {
  const { server } = await testServer();
  const [profile] = await server.ctx.db
    .select({ coins: profiles.coins, gems: profiles.gems })
    .from(profiles)
    .where(eq(profiles.userId, user.id));
  const sums = async (currency: "coins" | "gems") => {
    const [row] = await server.ctx.db
      .select({ sum: sql<string>`coalesce(sum(${ledger.delta}), 0)` })
      .from(ledger)
      .where(and(eq(ledger.userId, user.id), eq(ledger.currency, currency)));
    return Number(row?.sum ?? 0);
  };
  return {
    coins: profile?.coins,
    gems: profile?.gems,
    ledgerCoins: await sums("coins"),
    ledgerGems: await sums("gems"),
  };
}
