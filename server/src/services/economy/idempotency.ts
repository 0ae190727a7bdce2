import { createHash } from "node:crypto";
import { ErrorCode } from "@levelup/shared";
import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { idempotencyKeys } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";

export interface IdempotencyScope {
  userId: string;
  /** What kind of request the key belongs to ("purchase", "consumable"…): keys are unique per user and scope. */
  scope: string;
  key: string;
}

/**
 * The SHA-256 of a request's validated body, keys sorted, so that the same request hashes the same
 * however its JSON was written and another request (another amount, another item) never does.
 */
export function requestHash(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

interface Stored<T> {
  /** The hash of the request the key was first used with: the same key with another request is refused. */
  request: string;
  body: T;
}

/**
 * Claims a key inside `tx`, before the request does anything. Returns undefined when this request
 * holds the key (it must then call `rememberResponse` in the same transaction), or the first
 * request's stored answer; the key with another request (`request`: its `requestHash`) is a 422
 * IDEMPOTENCY_KEY_REUSED, since replaying the first answer would tell the client that the second
 * request was done. Two racing requests with one key queue on the primary key: the second
 * waits until the first commits and then replays its answer; if the first rolls back (it failed),
 * the second runs for real.
 */
export async function claimKey<T>(tx: Tx, scope: IdempotencyScope, request: string): Promise<T | undefined> {
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ ...scope, status: 0, response: { request, body: null } })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return undefined;
  const [row] = await tx
    .select({ response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.userId, scope.userId),
        eq(idempotencyKeys.scope, scope.scope),
        eq(idempotencyKeys.key, scope.key),
      ),
    )
    .limit(1);
  const stored = row?.response;
  if (!stored || stored.request !== request) {
    throw new AppError(
      422,
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      "This idempotency key was already used for a different request",
    );
  }
  return stored.body as T;
}

/** Stores the answer of the request that claimed the key (same transaction, so both commit or neither). */
export async function rememberResponse<T>(
  tx: Tx,
  scope: IdempotencyScope,
  request: string,
  status: number,
  body: T,
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ status, response: { request, body } satisfies Stored<T> })
    .where(
      and(
        eq(idempotencyKeys.userId, scope.userId),
        eq(idempotencyKeys.scope, scope.scope),
        eq(idempotencyKeys.key, scope.key),
      ),
    );
}
