import type { Request, Response } from "express";
import passport from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import { ErrorCode } from "@levelup/shared";
import { AppError } from "../errors.ts";
import type { AccessClaims, AccessTokens, AuthUser } from "../services/auth/tokens.ts";

/**
 * passport-jwt checks the bearer token's HS256 signature and expiry; the strategy then
 * asks AccessTokens whether logout-everywhere revoked it. A token whose signature this process
 * already checked skips passport (AccessTokens.verifiedClaims: unexpired, same revocation check).
 * Resolves undefined without a token.
 */
export function createAuthenticator(access: AccessTokens) {
  const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();
  const authenticator = new passport.Passport();
  authenticator.use(
    "jwt",
    new JwtStrategy(
      {
        jwtFromRequest: bearerToken,
        // The KeyObject (typed as string | Buffer by @types/passport-jwt, accepted by jsonwebtoken).
        secretOrKeyProvider: (_req, _token, done) => done(null, access.key as unknown as Buffer),
        algorithms: ["HS256"],
        passReqToCallback: true,
      },
      (req: Request, claims: AccessClaims, done: (err: unknown, user?: AuthUser) => void) => {
        // Called only once the signature and expiry passed.
        const token = bearerToken(req);
        if (token) access.rememberVerified(token, claims);
        access.checkClaims(claims).then(
          (user) => done(null, user),
          (err) => done(err),
        );
      },
    ),
  );
  return (req: Request, res: Response): Promise<AuthUser | undefined> =>
    new Promise((resolve, reject) => {
      if (!req.headers.authorization) return resolve(undefined);
      const token = bearerToken(req);
      const known = token ? access.verifiedClaims(token) : undefined;
      if (known) return access.checkClaims(known).then(resolve, reject);
      authenticator.authenticate("jwt", { session: false }, (err: unknown, user: AuthUser | false, info: unknown) => {
        if (err) return reject(err);
        if (user) return resolve(user);
        const expired = (info as { name?: string } | undefined)?.name === "TokenExpiredError";
        reject(
          expired
            ? new AppError(401, ErrorCode.TOKEN_EXPIRED, "Access token expired")
            : new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid access token"),
        );
      })(req, res, () => {});
    });
}
