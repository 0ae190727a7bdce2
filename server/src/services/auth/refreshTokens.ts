import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { ErrorCode } from "@levelup/shared";
import type { Db, Executor } from "../../db/client.ts";
import { refreshTokens } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import type { SessionRevocations } from "./sessionRevocations.ts";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
/**
 * How long a just-rotated token may still be exchanged (for another token of its family): two tabs
 * refreshing at once send the same token, and the slower one must not look like a thief.
 */
export const ROTATION_GRACE_MS = 10_000;
const invalid = () => new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid refresh token");

/**
 * Rotating, revocable refresh tokens. Only a SHA-256 of each token is stored. Every use
 * rotates the token; presenting an already-rotated token after ROTATION_GRACE_MS is treated as
 * theft and revokes its whole family (every token descended from the same login, the session),
 * and with it the session's access tokens.
 */
export class RefreshTokens {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Lifetime in seconds. */
    private readonly ttlSeconds: number,
    private readonly sessions: SessionRevocations,
  ) {}

  /** A new token of session `familyId` (a new session's id for a login: `crypto.randomUUID()`). */
  async issue(userId: string, familyId: string, exec: Executor = this.db): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await exec.insert(refreshTokens).values({
      userId,
      familyId,
      tokenHash: hashToken(token),
      expiresAt: new Date(this.clock.now() + this.ttlSeconds * 1000),
    });
    return token;
  }

  /** Exchanges a valid token for a new one of the same family; returns the owner's id and the session. */
  async rotate(token: string): Promise<{ userId: string; familyId: string; refreshToken: string }> {
    const outcome = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, hashToken(token)))
        .for("update")
        .limit(1);
      if (!row || row.revokedAt) return { kind: "invalid" as const };
      if (row.expiresAt.getTime() <= this.clock.now()) return { kind: "invalid" as const };
      if (row.rotatedAt && this.clock.now() - row.rotatedAt.getTime() <= ROTATION_GRACE_MS) {
        // The other tab's request: a token of its own in the same session.
        const refreshToken = await this.issue(row.userId, row.familyId, tx);
        return { kind: "ok" as const, userId: row.userId, familyId: row.familyId, refreshToken };
      }
      if (row.rotatedAt) {
        await tx
          .update(refreshTokens)
          .set({ revokedAt: this.clock.date() })
          .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
        return { kind: "reused" as const, familyId: row.familyId };
      }
      await tx.update(refreshTokens).set({ rotatedAt: this.clock.date() }).where(eq(refreshTokens.id, row.id));
      const refreshToken = await this.issue(row.userId, row.familyId, tx);
      return { kind: "ok" as const, userId: row.userId, familyId: row.familyId, refreshToken };
    });
    // The family revocation above must commit, so the error is thrown outside the transaction.
    if (outcome.kind === "reused") await this.sessions.revokeSessions([outcome.familyId]);
    if (outcome.kind !== "ok") throw invalid();
    return { userId: outcome.userId, familyId: outcome.familyId, refreshToken: outcome.refreshToken };
  }

  /** The session a token belongs to, if it was ever issued; `current` when it may still be used. */
  async find(token: string): Promise<{ userId: string; familyId: string; current: boolean } | undefined> {
    const [row] = await this.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hashToken(token)))
      .limit(1);
    if (!row) return undefined;
    const current = !row.revokedAt && !row.rotatedAt && row.expiresAt.getTime() > this.clock.now();
    return { userId: row.userId, familyId: row.familyId, current };
  }

  /** Ends a session: its refresh tokens and, at once in every process, its access tokens. */
  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: this.clock.date() })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
    await this.sessions.revokeSessions([familyId]);
  }

  async revokeAllOf(userId: string, exec: Executor = this.db): Promise<void> {
    await exec
      .update(refreshTokens)
      .set({ revokedAt: this.clock.date() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }
}
