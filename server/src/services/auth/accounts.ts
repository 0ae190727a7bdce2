import { eq, or, sql } from "drizzle-orm";
import { ErrorCode, type PublicUser, type RegisterBody, type TokenResponse } from "@levelup/shared";
import type { Db } from "../../db/client.ts";
import { profiles, users } from "../../db/schema.ts";
import { AppError, conflict } from "../../errors.ts";
import type { LoginProtection } from "./loginProtection.ts";
import { dummyHash, hashPassword, verifyPassword } from "./passwords.ts";
import type { RefreshTokens } from "./refreshTokens.ts";
import type { SessionRevocations } from "./sessionRevocations.ts";
import type { AccessTokens, AuthUser } from "./tokens.ts";

type UserRow = typeof users.$inferSelect;

export function toPublicUser(u: UserRow): PublicUser {
  return { id: u.id, username: u.username, email: u.email, createdAt: u.createdAt.toISOString(), role: u.role };
}

const invalidCredentials = () => new AppError(401, ErrorCode.INVALID_CREDENTIALS, "Invalid username or password");

/** Hooks other features attach to account creation (e.g. today's quests), run inside its transaction. */
export type OnUserCreated = (tx: Parameters<Parameters<Db["transaction"]>[0]>[0], userId: string) => Promise<void>;

export interface AccountsDeps {
  db: Db;
  access: AccessTokens;
  refresh: RefreshTokens;
  sessions: SessionRevocations;
  bcryptRounds: number;
  loginProtection: LoginProtection;
  onUserCreated: OnUserCreated[];
}

/** Registration, login, refresh and logout: the Auth section of docs/api.md. */
export class Accounts {
  /** Made at start, not on the first unknown login, so no request pays for (or reveals) it. */
  private readonly dummyHash: string;

  constructor(private readonly deps: AccountsDeps) {
    this.dummyHash = dummyHash(deps.bcryptRounds);
  }

  /**
   * `registrationNetwork`: the hashed network it came from (RegistrationLimit), kept for the link
   * rule; `isBot`: a load script's account (botAccounts.ts), kept off the leaderboards.
   */
  async register(
    input: RegisterBody,
    registrationNetwork?: string,
    isBot = false,
  ): Promise<TokenResponse & { user: PublicUser }> {
    const user = await this.createUser(input, registrationNetwork, isBot);
    return { user: toPublicUser(user), ...(await this.issueTokens(user)) };
  }

  /**
   * Creates the account, its level-1 profile and whatever the onUserCreated hooks add, in one
   * transaction. A taken username (case-insensitively) or email is a 409.
   */
  async createUser(input: RegisterBody, registrationNetwork?: string, isBot = false): Promise<UserRow> {
    const { db } = this.deps;
    const passwordHash = await hashPassword(input.password, this.deps.bcryptRounds);
    try {
      return await db.transaction(async (tx) => {
        const [created] = await tx
          .insert(users)
          .values({
            username: input.username,
            email: input.email.toLowerCase(),
            passwordHash,
            registrationNetwork,
            isBot,
          })
          .returning();
        if (!created) throw new Error("insert returned no row");
        await tx.insert(profiles).values({ userId: created.id });
        for (const hook of this.deps.onUserCreated) await hook(tx, created.id);
        return created;
      });
    } catch (err) {
      const constraint = uniqueViolation(err);
      if (constraint === "users_username_lower_uq") throw conflict(ErrorCode.USERNAME_TAKEN, "Username is taken");
      if (constraint === "users_email_lower_uq") throw conflict(ErrorCode.EMAIL_TAKEN, "Email is already registered");
      throw err;
    }
  }

  /**
   * Password login by username or email; the same 401 whether the user exists or not, after the
   * same work (a bcrypt comparison either way). LoginProtection counts the attempt before the
   * account is looked up: per (identifier, IP) with exponential backoff, and per IP.
   */
  async login(login: string, password: string, ip: string): Promise<TokenResponse> {
    const { loginProtection } = this.deps;
    await loginProtection.beforeAttempt(login, ip);
    const name = login.toLowerCase();
    const [user] = await this.deps.db
      .select()
      .from(users)
      .where(or(eq(sql`lower(${users.username})`, name), eq(sql`lower(${users.email})`, name)))
      .limit(1);
    const ok = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !ok) {
      await loginProtection.failed(login, ip);
      throw invalidCredentials();
    }
    await loginProtection.succeeded(login, ip);
    return this.issueTokens(user);
  }

  async refresh(refreshToken: string): Promise<TokenResponse> {
    const { userId, familyId, refreshToken: next } = await this.deps.refresh.rotate(refreshToken);
    const user = await this.findUser(userId);
    if (!user) throw new AppError(401, ErrorCode.INVALID_TOKEN, "Invalid refresh token");
    return this.tokenResponse(user, next, familyId);
  }

  /**
   * Ends the session of a refresh token (its whole family) or, without one, the caller's own
   * session, with its access tokens at once; with `everywhere` every session of the user: the
   * token version bump makes all access tokens fail at once too. Ending a
   * session that already ended is not an error (as RFC 7009 has it); `everywhere` needs the
   * caller identified by a valid access token or a current refresh token.
   */
  async logout(opts: { refreshToken?: string; everywhere?: boolean; caller?: AuthUser }): Promise<void> {
    const session = opts.refreshToken ? await this.deps.refresh.find(opts.refreshToken) : undefined;
    if (opts.everywhere) {
      const userId = opts.caller?.id ?? (session?.current ? session.userId : undefined);
      if (!userId) throw new AppError(401, ErrorCode.INVALID_TOKEN, "Sign in again to log out everywhere");
      await this.deps.db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ tokenVersion: sql`${users.tokenVersion} + 1` })
          .where(eq(users.id, userId));
        await this.deps.refresh.revokeAllOf(userId, tx);
      });
      await this.deps.sessions.userChanged(userId);
      return;
    }
    if (!opts.refreshToken && !opts.caller) throw new AppError(401, ErrorCode.UNAUTHORIZED, "Nothing to log out");
    // A caller may end only their own sessions.
    if (session && (!opts.caller || opts.caller.id === session.userId)) {
      await this.deps.refresh.revokeFamily(session.familyId);
    } else if (!opts.refreshToken && opts.caller) {
      await this.deps.refresh.revokeFamily(opts.caller.sessionId);
    }
  }

  async me(userId: string): Promise<PublicUser> {
    const user = await this.findUser(userId);
    if (!user) throw new AppError(401, ErrorCode.INVALID_TOKEN, "Unknown user");
    return toPublicUser(user);
  }

  private async findUser(id: string): Promise<UserRow | undefined> {
    const [user] = await this.deps.db.select().from(users).where(eq(users.id, id)).limit(1);
    return user;
  }

  /** A new session: its id is the refresh token family's, and its access tokens carry it. */
  private async issueTokens(user: UserRow): Promise<TokenResponse> {
    const sessionId = crypto.randomUUID();
    return this.tokenResponse(user, await this.deps.refresh.issue(user.id, sessionId), sessionId);
  }

  private tokenResponse(user: UserRow, refreshToken: string, sessionId: string): TokenResponse {
    return {
      access_token: this.deps.access.sign(user, sessionId),
      token_type: "bearer",
      expires_in: this.deps.access.ttlSeconds,
      refresh_token: refreshToken,
    };
  }
}

/** The name of the unique constraint a PostgreSQL error violated, if that is what it is. */
export function uniqueViolation(err: unknown): string | undefined {
  let e: unknown = err;
  // drizzle wraps driver errors; the PostgreSQL fields sit on the cause.
  for (let depth = 0; e && depth < 4; depth++) {
    const pgErr = e as { code?: string; constraint?: string; message?: string };
    if (pgErr.code === "23505") {
      return pgErr.constraint ?? /constraint "([^"]+)"/.exec(pgErr.message ?? "")?.[1] ?? "unknown";
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
