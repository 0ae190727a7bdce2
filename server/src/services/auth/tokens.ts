import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { eq } from "drizzle-orm";
import { ErrorCode } from "@levelup/shared";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";

/** Who is calling, as established from a verified access token. */
export interface AuthUser {
  id: string;
  username: string;
  role: "player" | "admin";
}

interface AccessClaims {
  sub: string;
  username: string;
  role: "player" | "admin";
  /** The user's token version when the token was issued; logout-everywhere bumps it. */
  tv: number;
}

export class AccessTokens {
  /**
   * The HS256 key as a KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it
   * as a public key on every call, which was the largest CPU cost of an authenticated request.
   */
  readonly key: KeyObject;

  constructor(
    private readonly db: Db,
    secret: string,
    /** Lifetime in seconds. */
    readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, "utf8"));
  }

  sign(user: { id: string; username: string; role: "player" | "admin"; tokenVersion: number }): string {
    const claims: AccessClaims = { sub: user.id, username: user.username, role: user.role, tv: user.tokenVersion };
    return jwt.sign(claims, this.key, { algorithm: "HS256", expiresIn: this.ttlSeconds });
  }

  /**
   * Verifies signature, expiry and that the token was not revoked by logout-everywhere.
   * The same verifier serves REST (passport-jwt) and every room's onAuth.
   */
  async verify(token: string): Promise<AuthUser> {
    let claims: AccessClaims;
    try {
      claims = jwt.verify(token, this.key, { algorithms: ["HS256"] }) as AccessClaims;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) {
        throw new AppError(401, ErrorCode.TOKEN_EXPIRED, "Access token expired", undefined, { cause: err });
      }
      throw new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid access token", undefined, { cause: err });
    }
    return this.checkClaims(claims);
  }

  /** Checks decoded claims against the database (token version and role may have changed). */
  async checkClaims(claims: AccessClaims): Promise<AuthUser> {
    if (typeof claims?.sub !== "string" || typeof claims.tv !== "number") {
      throw new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid access token");
    }
    const [row] = await this.db
      .select({ id: users.id, username: users.username, role: users.role, tokenVersion: users.tokenVersion })
      .from(users)
      .where(eq(users.id, claims.sub))
      .limit(1);
    if (!row || row.tokenVersion !== claims.tv) {
      throw new AppError(401, ErrorCode.INVALID_TOKEN, "Access token was revoked");
    }
    return { id: row.id, username: row.username, role: row.role };
  }
}
