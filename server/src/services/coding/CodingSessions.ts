import { and, desc, eq, like, sql } from "drizzle-orm";
import {
  type CodingLanguage,
  type LinesByLanguage,
  codingMinutes,
  coinsForSessionXp,
  isCodingIdle,
  normalizeLanguage,
  xpForLanguages,
} from "@levelup/shared/rules/coding";
import type { CodingRewards, CodingSession } from "@levelup/shared/protocol/coding";
import { ErrorCode, levelForXp, type ProgressEvent } from "@levelup/shared";
import type { Db, Tx } from "../../db/client.ts";
import { codingSessions, grants, profiles } from "../../db/schema.ts";
import { badRequest, conflict, notFound } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import type { GrantResult, PendingGrant, Progression } from "../progression/Progression.ts";

type SessionRow = typeof codingSessions.$inferSelect;

/** What a running room knows about its session: absolute figures, so writing them twice is harmless. */
export interface SessionSnapshot {
  language: string | null;
  linesWritten: number;
  linesRemoved: number;
  charactersTyped: number;
  filesModified: number;
  linesByLanguage: LinesByLanguage;
  acceptedUpdates: number;
  rejectedUpdates: number;
  /** Milliseconds since the epoch. */
  lastActivityAt: number;
}

export interface EndResult {
  session: CodingSession;
  rewards: CodingRewards;
  /** True when the session had already ended: nothing was paid by this call. */
  alreadyEnded: boolean;
}

export interface FlushResult {
  /** The batch's grant, when it had new lines to report. */
  grant?: GrantResult;
  /** The session is no longer active (ended elsewhere): the room should close. */
  ended: boolean;
}

export type EndReason = "user" | "client" | "idle" | "disconnected" | "shutdown";

export interface CodingSessionsDeps {
  db: Db;
  clock: Clock;
  progression: Progression;
}

/**
 * Coding sessions (issue 6): start, batch payments while a session runs, and the one final
 * payment when it ends. XP is computed here from the lines the room accepted, never taken from
 * a client. Each session row is locked while it is paid, so a batch and an end, or two ends,
 * queue instead of paying twice.
 */
export class CodingSessions {
  constructor(private readonly deps: CodingSessionsDeps) {}

  /** The user's active session, or a new one; `created` tells which. One active session per user. */
  async start(
    userId: string,
    input: { projectName?: string; language?: string },
  ): Promise<{ session: SessionRow; created: boolean }> {
    const now = this.deps.clock.date();
    const active = await this.findActive(userId);
    if (active && !isCodingIdle(active.lastActivityAt.getTime(), now.getTime())) {
      return { session: active, created: false };
    }
    // A session idle this long lost its room (a live room would have ended it): close it, start afresh.
    if (active) await this.end(active.id, { reason: "idle" });
    const [created] = await this.deps.db
      .insert(codingSessions)
      .values({
        userId,
        projectName: input.projectName ?? null,
        language: input.language ? normalizeLanguage(input.language) : null,
        startedAt: now,
        lastActivityAt: now,
      })
      // A concurrent start won the partial unique index (one active session per user): use its row.
      .onConflictDoNothing()
      .returning();
    if (created) return { session: created, created: true };
    const winner = await this.findActive(userId);
    if (!winner) throw new Error("coding session vanished between insert and select");
    return { session: winner, created: false };
  }

  async findActive(userId: string): Promise<SessionRow | undefined> {
    const [row] = await this.deps.db
      .select()
      .from(codingSessions)
      .where(and(eq(codingSessions.userId, userId), eq(codingSessions.status, "active")))
      .limit(1);
    return row;
  }

  async get(sessionId: string): Promise<SessionRow | undefined> {
    const [row] = await this.deps.db.select().from(codingSessions).where(eq(codingSessions.id, sessionId)).limit(1);
    return row;
  }

  /**
   * Makes `roomId` the one room of an active session, unless another room holds it. Returns the
   * session and the owner's XP so the room can show them; undefined when the room may not host it.
   */
  async bindRoom(
    sessionId: string,
    roomId: string,
  ): Promise<{ session: SessionRow; experience: number; level: number } | undefined> {
    const [session] = await this.deps.db
      .update(codingSessions)
      .set({ roomId })
      .where(
        and(
          eq(codingSessions.id, sessionId),
          eq(codingSessions.status, "active"),
          sql`${codingSessions.roomId} is null`,
        ),
      )
      .returning();
    if (!session) return undefined;
    const [profile] = await this.deps.db
      .select({ experience: profiles.experience, level: profiles.level })
      .from(profiles)
      .where(eq(profiles.userId, session.userId))
      .limit(1);
    return { session, experience: profile?.experience ?? 0, level: profile?.level ?? 1 };
  }

  /** Frees an active session from a room that no longer exists, so a new room can bind it. */
  async releaseRoom(sessionId: string, roomId: string): Promise<void> {
    await this.deps.db
      .update(codingSessions)
      .set({ roomId: null })
      .where(
        and(eq(codingSessions.id, sessionId), eq(codingSessions.roomId, roomId), eq(codingSessions.status, "active")),
      );
  }

  /**
   * Saves a running session's figures and pays the XP of lines not yet paid, in one transaction
   * (a crash loses only what came after the last flush). The grant's ref is the session's
   * accepted-update count, which only grows, so a retried flush cannot pay a batch twice.
   */
  async flush(sessionId: string, snapshot: SessionSnapshot): Promise<FlushResult> {
    const outcome = await this.deps.db.transaction(async (tx) => {
      const row = await this.lockSession(tx, sessionId);
      if (row?.status !== "active") return { ended: true } as const;
      const paid = row.paidLinesByLanguage as LinesByLanguage;
      const xp = Math.max(0, xpForLanguages(snapshot.linesByLanguage) - xpForLanguages(paid));
      await tx
        .update(codingSessions)
        .set({ ...figures(snapshot), paidLinesByLanguage: snapshot.linesByLanguage, xpEarned: row.xpEarned + xp })
        .where(eq(codingSessions.id, sessionId));
      const events = lineEvents(snapshot.linesByLanguage, paid);
      if (events.length === 0) return { ended: false } as const;
      if (xp > 0) events.push({ kind: "coding_day" });
      const pending = await this.deps.progression.grantInTx(tx, {
        userId: row.userId,
        ref: `coding:${sessionId}:batch:${snapshot.acceptedUpdates}`,
        reason: "coding",
        xp,
        events,
      });
      return { ended: false, pending } as const;
    });
    if ("pending" in outcome && outcome.pending) {
      await outcome.pending.publish();
      return { ended: false, grant: outcome.pending.result };
    }
    return { ended: outcome.ended };
  }

  /**
   * Ends a session and pays its final rewards exactly once: the XP of lines not yet paid, the
   * session's coins (1 per 10 XP), coding minutes, and what progression derives from them
   * (streak, quests, badges). Whoever comes second — REST, the room, the idle time-out or a
   * shutdown — gets the stored result with `alreadyEnded`.
   */
  async end(
    sessionId: string,
    opts: { reason: EndReason; userId?: string; snapshot?: SessionSnapshot },
  ): Promise<EndResult> {
    let pending: PendingGrant | undefined;
    const result = await this.deps.db.transaction(async (tx): Promise<EndResult> => {
      const row = await this.lockSession(tx, sessionId);
      if (!row || (opts.userId !== undefined && row.userId !== opts.userId)) throw notFound("Coding session");
      if (row.status === "ended") {
        return { session: toPublicSession(row), rewards: row.rewards as CodingRewards, alreadyEnded: true };
      }
      const snapshot = opts.snapshot ?? snapshotOf(row);
      const paid = row.paidLinesByLanguage as LinesByLanguage;
      const finalXp = Math.max(0, xpForLanguages(snapshot.linesByLanguage) - xpForLanguages(paid));
      const sessionXp = row.xpEarned + finalXp;
      const coins = coinsForSessionXp(sessionXp);
      const minutes = codingMinutes(row.startedAt.getTime(), snapshot.lastActivityAt);
      const events = lineEvents(snapshot.linesByLanguage, paid);
      if (minutes > 0) events.push({ kind: "coding_minutes", amount: minutes });
      if (sessionXp > 0) events.push({ kind: "coding_day" });
      pending = await this.deps.progression.grantInTx(tx, {
        userId: row.userId,
        ref: `coding:${sessionId}:end`,
        reason: "coding",
        xp: finalXp,
        coins,
        events,
      });
      const rewards: CodingRewards = {
        xp: sessionXp,
        coins,
        levelBefore: levelForXp(pending.result.experience - sessionXp),
        levelAfter: pending.result.levelAfter,
        achievements: await this.sessionBadges(tx, row.userId, sessionId),
      };
      const [ended] = await tx
        .update(codingSessions)
        .set({
          ...figures(snapshot),
          paidLinesByLanguage: snapshot.linesByLanguage,
          xpEarned: sessionXp,
          coinsEarned: coins,
          status: "ended",
          endedAt: this.deps.clock.date(),
          endReason: opts.reason,
          rewards,
        })
        .where(and(eq(codingSessions.id, sessionId), eq(codingSessions.status, "active")))
        .returning();
      if (!ended) throw conflict(ErrorCode.ALREADY_ENDED, "This coding session has already ended");
      return { session: toPublicSession(ended), rewards, alreadyEnded: false };
    });
    await pending?.publish();
    return result;
  }

  /** The user's sessions, newest first, `limit` per page; `cursor` is the previous page's `nextCursor`. */
  async list(userId: string, page: { limit: number; cursor?: string }) {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const rows = await this.deps.db
      .select()
      .from(codingSessions)
      .where(
        and(
          eq(codingSessions.userId, userId),
          after
            ? sql`(${codingSessions.startedAt}, ${codingSessions.id}) < (${after.startedAt.toISOString()}::timestamptz, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(codingSessions.startedAt), desc(codingSessions.id))
      .limit(page.limit + 1);
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map(toPublicSession),
      nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null,
    };
  }

  private async lockSession(tx: Tx, sessionId: string): Promise<SessionRow | undefined> {
    const [row] = await tx.select().from(codingSessions).where(eq(codingSessions.id, sessionId)).for("update").limit(1);
    return row;
  }

  /** Badges unlocked by this session's grants (its batches and its end). */
  private async sessionBadges(tx: Tx, userId: string, sessionId: string): Promise<CodingRewards["achievements"]> {
    const rows = await tx
      .select({ result: grants.result })
      .from(grants)
      .where(and(eq(grants.userId, userId), like(grants.ref, `coding:${sessionId}:%`)));
    const byId = new Map<string, CodingRewards["achievements"][number]>();
    for (const { result } of rows) {
      for (const b of (result as GrantResult).badgesUnlocked ?? []) {
        byId.set(b.id, { id: b.id, name: b.name, description: b.description, icon: b.icon });
      }
    }
    return [...byId.values()];
  }
}

/** `lines_written` events for the lines of each language not yet reported. */
function lineEvents(lines: LinesByLanguage, paid: LinesByLanguage): ProgressEvent[] {
  const events: ProgressEvent[] = [];
  for (const [language, n] of Object.entries(lines)) {
    const amount = (n ?? 0) - (paid[language as CodingLanguage] ?? 0);
    if (amount > 0) events.push({ kind: "lines_written", amount, language });
  }
  return events;
}

function figures(s: SessionSnapshot) {
  return {
    language: s.language,
    linesWritten: s.linesWritten,
    linesRemoved: s.linesRemoved,
    charactersTyped: s.charactersTyped,
    filesModified: s.filesModified,
    linesByLanguage: s.linesByLanguage,
    acceptedUpdates: s.acceptedUpdates,
    rejectedUpdates: s.rejectedUpdates,
    lastActivityAt: new Date(s.lastActivityAt),
  };
}

/** The figures last saved for a session (what a room resumes from, or what REST ends with when no room runs). */
export function snapshotOf(row: SessionRow): SessionSnapshot {
  return {
    language: row.language,
    linesWritten: row.linesWritten,
    linesRemoved: row.linesRemoved,
    charactersTyped: row.charactersTyped,
    filesModified: row.filesModified,
    linesByLanguage: row.linesByLanguage as LinesByLanguage,
    acceptedUpdates: row.acceptedUpdates,
    rejectedUpdates: row.rejectedUpdates,
    lastActivityAt: row.lastActivityAt.getTime(),
  };
}

export function toPublicSession(row: SessionRow): CodingSession {
  return {
    id: row.id,
    projectName: row.projectName,
    language: row.language,
    status: row.status,
    roomId: row.roomId,
    linesWritten: row.linesWritten,
    linesRemoved: row.linesRemoved,
    charactersTyped: row.charactersTyped,
    filesModified: row.filesModified,
    linesByLanguage: row.linesByLanguage as Record<string, number>,
    xpEarned: row.xpEarned,
    coinsEarned: row.coinsEarned,
    acceptedUpdates: row.acceptedUpdates,
    rejectedUpdates: row.rejectedUpdates,
    startedAt: row.startedAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    endReason: row.endReason,
  };
}

function encodeCursor(row: SessionRow): string {
  return Buffer.from(`${row.startedAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const startedAt = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(startedAt.getTime())) {
    throw badRequest("Invalid cursor", { fields: [{ path: "cursor", message: "not a cursor from this list" }] });
  }
  return { startedAt, id };
}
