import { createSecretKey, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import { ErrorCode } from "@levelup/shared";
import { AppError } from "../../errors.ts";
import type { SessionRevocations } from "./sessionRevocations.ts";

/** Who is calling, as established from a verified access token. */
export interface AuthUser {
  id: string;
  username: string;
  role: "player" | "admin";
  /** The session (refresh token family) the token belongs to: logout ends it. */
  sessionId: string;
}

export interface AccessClaims {
  sub: string;
  username: string;
  role: "player" | "admin";
  /** The user's token version when the token was issued; logout-everywhere bumps it. */
  tv: number;
  /** The session id (the refresh token family); a logout or a reuse of a rotated refresh token ends it. */
  sid: string;
  /** Expiry, seconds since the epoch (set by jsonwebtoken). */
  exp?: number;
}

/** Past this many remembered tokens the memory starts over (a bound, not an eviction policy). */
const MAX_VERIFIED_TOKENS = 20_000;

export class AccessTokens {
  /**
   * The HS256 key as a KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it
   * as a public key on every call, which was the largest CPU cost of an authenticated request.
   */
  readonly key: KeyObject;
  /**
   * Tokens whose signature this process has checked, with their claims, by the whole token string:
   * a client sends the same token for hours, and the HMAC (with jws's decoding) was the largest
   * cost left of an authenticated request once its reads were cached. Only the signature check is
   * skipped: expiry is checked on each use and revocation by checkClaims, as for a new token.
   */
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    private readonly sessions: SessionRevocations,
    secret: string,
    /** Lifetime in seconds. */
    readonly ttlSeconds: number,
  ) {
    this.key = createSecretKey(Buffer.from(secret, "utf8"));
  }

  sign(
    user: { id: string; username: string; role: "player" | "admin"; tokenVersion: number },
    sessionId: string,
  ): string {
    const claims: AccessClaims = {
      sub: user.id,
      username: user.username,
      role: user.role,
      tv: user.tokenVersion,
      sid: sessionId,
    };
    return jwt.sign(claims, this.key, { algorithm: "HS256", expiresIn: this.ttlSeconds });
  }

  /**
   * Verifies signature, expiry and that the token was not revoked (its session ended, or
   * logout-everywhere).
   * The same verifier serves REST (passport-jwt) and every room's onAuth.
   */
  async verify(token: string): Promise<AuthUser> {
    const known = this.verifiedClaims(token);
    if (known) return this.checkClaims(known);
    let claims: AccessClaims;
    try {
      claims = jwt.verify(token, this.key, { algorithms: ["HS256"] }) as AccessClaims;
      this.rememberVerified(token, claims);
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) {
        throw new AppError(401, ErrorCode.TOKEN_EXPIRED, "Access token expired", undefined, { cause: err });
      }
      throw new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid access token", undefined, { cause: err });
    }
    return this.checkClaims(claims);
  }

  /** The claims of a token whose signature was checked here before and which has not expired. */
  verifiedClaims(token: string): AccessClaims | undefined {
    const claims = this.verified.get(token);
    if (!claims) return undefined;
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) {
      // Expired: the full check answers it (TOKEN_EXPIRED).
      this.verified.delete(token);
      return undefined;
    }
    return claims;
  }

  /** Remembers a token whose signature was just checked (by jwt.verify here, or passport-jwt for REST). */
  rememberVerified(token: string, claims: AccessClaims): void {
    if (this.verified.size >= MAX_VERIFIED_TOKENS) this.verified.clear();
    this.verified.set(token, claims);
  }

  /**
   * Checks decoded claims against the session revocation list and the user's token version (role
   * and name may have changed too), both held in process and pushed across processes.
   */
  async checkClaims(claims: AccessClaims): Promise<AuthUser> {
    if (typeof claims?.sub !== "string" || typeof claims.tv !== "number" || typeof claims.sid !== "string") {
      throw new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid access token");
    }
    const [revoked, row] = await Promise.all([this.sessions.isRevoked(claims.sid), this.sessions.user(claims.sub)]);
    if (revoked || !row || row.tokenVersion !== claims.tv) {
      throw new AppError(401, ErrorCode.INVALID_TOKEN, "Access token was revoked");
    }
    return { id: row.id, username: row.username, role: row.role, sessionId: claims.sid };
  }
}
