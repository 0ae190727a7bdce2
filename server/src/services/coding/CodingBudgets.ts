import { eq } from "drizzle-orm";
import { type CodingBudget, parseCodingBudget } from "@levelup/shared/rules/codingBudget";
import type { Executor, Tx } from "../../db/client.ts";
import { codingBudgets } from "../../db/schema.ts";

/*
 * Where each player's coding budget lives: one row per player in the database, which every
 * server process sees. It changes only under the row's lock, inside the transaction that pays.
 */

/**
 * Locks the player's budget row for the rest of `tx` (creating it on first use) and returns it.
 * Every transaction that starts, settles or ends a session of this player takes this lock first,
 * so they queue in one order (budget, then session, then profile) and none spends the same budget twice.
 */
export async function lockCodingBudget(tx: Tx, userId: string): Promise<CodingBudget> {
  await tx.insert(codingBudgets).values({ userId }).onConflictDoNothing();
  const [row] = await tx.select().from(codingBudgets).where(eq(codingBudgets.userId, userId)).for("update");
  return parseCodingBudget(row);
}

export async function saveCodingBudget(tx: Tx, userId: string, budget: CodingBudget, now: Date): Promise<void> {
  await tx
    .update(codingBudgets)
    .set({ recent: budget.recent, day: budget.day, dayLines: budget.dayLines, updatedAt: now })
    .where(eq(codingBudgets.userId, userId));
}

/** The budget as last saved, without a lock: what a room pre-checks updates against. */
export async function readCodingBudget(db: Executor, userId: string): Promise<CodingBudget> {
  const [row] = await db.select().from(codingBudgets).where(eq(codingBudgets.userId, userId)).limit(1);
  return parseCodingBudget(row);
}
