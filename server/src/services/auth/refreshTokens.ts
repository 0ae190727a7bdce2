import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { ErrorCode } from "@levelup/shared";
import type { Db, Executor } from "../../db/client.ts";
import { refreshTokens } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import type { Clock } from "../clock.ts";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const invalid = () => new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid refresh token");

/**
 * Rotating, revocable refresh tokens. Only a SHA-256 of each token is stored. Every use
 * rotates the token; presenting an already-rotated token is treated as theft and revokes
 * its whole family (every token descended from the same login).
 */
export class RefreshTokens {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    /** Lifetime in seconds. */
    private readonly ttlSeconds: number,
  ) {}

  async issue(userId: string, familyId?: string, exec: Executor = this.db): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await exec.insert(refreshTokens).values({
      userId,
      familyId: familyId ?? crypto.randomUUID(),
      tokenHash: hashToken(token),
      expiresAt: new Date(this.clock.now() + this.ttlSeconds * 1000),
    });
    return token;
  }

  /** Exchanges a valid token for a new one of the same family; returns the owner's id. */
  async rotate(token: string): Promise<{ userId: string; refreshToken: string }> {
    const outcome = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(refreshTokens)
        .where(eq(refreshTokens.tokenHash, hashToken(token)))
        .for("update")
        .limit(1);
      if (!row || row.revokedAt) return { kind: "invalid" as const };
      if (row.rotatedAt) {
        await tx
          .update(refreshTokens)
          .set({ revokedAt: this.clock.date() })
          .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
        return { kind: "reused" as const };
      }
      if (row.expiresAt.getTime() <= this.clock.now()) return { kind: "invalid" as const };
      await tx.update(refreshTokens).set({ rotatedAt: this.clock.date() }).where(eq(refreshTokens.id, row.id));
      const refreshToken = await this.issue(row.userId, row.familyId, tx);
      return { kind: "ok" as const, userId: row.userId, refreshToken };
    });
    // The family revocation above must commit, so the error is thrown outside the transaction.
    if (outcome.kind !== "ok") throw invalid();
    return { userId: outcome.userId, refreshToken: outcome.refreshToken };
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

  async revokeFamily(familyId: string): Promise<void> {
    await this.db
      .update(refreshTokens)
      .set({ revokedAt: this.clock.date() })
      .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
  }

  async revokeAllOf(userId: string, exec: Executor = this.db): Promise<void> {
    await exec
      .update(refreshTokens)
      .set({ revokedAt: this.clock.date() })
      .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)));
  }
}
