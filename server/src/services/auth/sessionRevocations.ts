import { and, eq, gt, isNotNull } from "drizzle-orm";
import type { Redis } from "ioredis";
import type { Db } from "../../db/client.ts";
import { refreshTokens, users } from "../../db/schema.ts";
import type { Logger } from "../../logger.ts";
import { ChangeFeed } from "../changeFeed.ts";
import type { Clock } from "../clock.ts";

/** What an access token check needs of its user. */
export interface TokenUser {
  id: string;
  username: string;
  role: "player" | "admin";
  tokenVersion: number;
}

/** Where processes of one game tell each other that a session ended or a user's tokens changed. */
const CHANNEL = "levelup:auth:revocations";
/**
 * How long a cached user (role, name, token version) is believed. Token version changes are
 * pushed at once; this only bounds how long a role changed by hand in the database goes unseen.
 */
const USER_CACHE_MS = 30_000;
const MAX_CACHED_USERS = 50_000;

type Message = { kind: "sessions"; ids: string[] } | { kind: "user"; id: string };

/**
 * Tells every running process that a user's role or token version changed, from outside them
 * (e.g. `npm run admin`): each drops its cached copy. Without Redis they re-read it within USER_CACHE_MS.
 */
export async function announceUserChanged(redis: Redis, id: string): Promise<void> {
  await redis.publish(CHANNEL, JSON.stringify({ kind: "user", id } satisfies Message));
}

/**
 * The in-process answer to "may this access token still be used?", so that checking a token
 * costs no database round trip:
 * - sessions (refresh token families; access tokens carry theirs as `sid`) ended by a logout or
 *   revoked for reuse, kept for one access token lifetime (later their tokens have expired);
 * - users' token versions (logout-everywhere bumps them), cached and dropped on a push.
 * With Redis every change is published and every process applies it within milliseconds; while
 * the subscription is down, checks go to the database instead (never a stale yes).
 */
export class SessionRevocations {
  /** Session id → when its access tokens have all expired (ms). */
  private readonly revoked = new Map<string, number>();
  private readonly users = new Map<string, { user: TokenUser | undefined; until: number }>();
  /** Each message is one Message as JSON. */
  private readonly feed: ChangeFeed;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      db: Db;
      redis: Redis | undefined;
      clock: Clock;
      logger: Logger;
      /** Access token lifetime in seconds: how long a revoked session must be remembered. */
      accessTtlSeconds: number;
    },
  ) {
    this.feed = new ChangeFeed({ channel: CHANNEL, redis: deps.redis, logger: deps.logger });
    this.feed.listen({
      changed: (raw) => this.apply(raw),
      // A (re)connected subscription may have missed pushes: forget cached users, reload sessions.
      reset: () => {
        this.users.clear();
        this.loadRevoked().catch((err) => this.deps.logger.warn({ err }, "reloading revoked sessions failed"));
      },
    });
  }

  /** Subscribes first, then loads what ended recently, so nothing revoked in between is missed. */
  async start(): Promise<void> {
    await this.feed.start();
    await this.loadRevoked();
    this.sweep = setInterval(() => this.forgetExpired(), 60_000);
    this.sweep.unref();
  }

  /** Sessions revoked within one access token lifetime, from the database. */
  private async loadRevoked(): Promise<void> {
    const since = new Date(this.deps.clock.now() - this.ttlMs());
    const rows = await this.deps.db
      .selectDistinct({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(and(isNotNull(refreshTokens.revokedAt), gt(refreshTokens.revokedAt, since)));
    const until = this.deps.clock.now() + this.ttlMs();
    for (const row of rows) this.revoked.set(row.familyId, until);
  }

  async stop(): Promise<void> {
    clearInterval(this.sweep);
    await this.feed.stop();
  }

  /** Ends sessions here and in every other process. */
  async revokeSessions(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    this.apply(JSON.stringify({ kind: "sessions", ids } satisfies Message));
    await this.publish({ kind: "sessions", ids });
  }

  /** A user's token version (or role) changed in the database: every process reads it again. */
  async userChanged(id: string): Promise<void> {
    this.users.delete(id);
    await this.publish({ kind: "user", id });
  }

  /** Whether the session was ended; asks the database while pushes may be missed. */
  async isRevoked(sessionId: string): Promise<boolean> {
    if (this.revoked.has(sessionId)) return true;
    if (this.pushesArrive()) return false;
    const [row] = await this.deps.db
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(and(eq(refreshTokens.familyId, sessionId), isNotNull(refreshTokens.revokedAt)))
      .limit(1);
    return row !== undefined;
  }

  /** The user as a token check needs it: cached while pushes arrive, else read each time. */
  async user(id: string): Promise<TokenUser | undefined> {
    const now = this.deps.clock.now();
    const cached = this.users.get(id);
    if (cached && cached.until > now && this.pushesArrive()) return cached.user;
    const [row] = await this.deps.db
      .select({ id: users.id, username: users.username, role: users.role, tokenVersion: users.tokenVersion })
      .from(users)
      .where(eq(users.id, id))
      .limit(1);
    if (this.users.size >= MAX_CACHED_USERS) this.users.clear();
    this.users.set(id, { user: row, until: now + USER_CACHE_MS });
    return row;
  }

  /** Without Redis this process makes every change itself; with it, only while subscribed. */
  private pushesArrive(): boolean {
    return this.feed.live;
  }

  /** The database holds the change; processes whose subscription is down read it from there. */
  private publish(message: Message): Promise<void> {
    return this.feed.publish(JSON.stringify(message));
  }

  private apply(raw: string): void {
    let message: Message;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (message.kind === "user" && typeof message.id === "string") this.users.delete(message.id);
    if (message.kind === "sessions" && Array.isArray(message.ids)) {
      const until = this.deps.clock.now() + this.ttlMs();
      for (const id of message.ids) if (typeof id === "string") this.revoked.set(id, until);
    }
  }

  private forgetExpired(): void {
    const now = this.deps.clock.now();
    for (const [id, until] of this.revoked) if (until <= now) this.revoked.delete(id);
  }

  private ttlMs(): number {
    return this.deps.accessTtlSeconds * 1000;
  }
}
