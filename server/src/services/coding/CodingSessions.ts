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
import type { CodingBudget } from "@levelup/shared/rules/codingBudget";
import type { CodingRewards, CodingSession } from "@levelup/shared/protocol/coding";
import { ErrorCode, levelForXp, type ProgressEvent } from "@levelup/shared";
import type { Db, Tx } from "../../db/client.ts";
import { codingSessions, grants } from "../../db/schema.ts";
import { conflict, notFound } from "../../errors.ts";
import type { Metrics } from "../../metrics.ts";
import type { Clock } from "../clock.ts";
import { afterCursor, pageOf } from "../paging.ts";
import type { Refusals } from "../integrity/Refusals.ts";
import type { GrantResult, PendingGrant, Progression } from "../progression/Progression.ts";
import { lockCodingBudget, readCodingBudget, saveCodingBudget } from "./CodingBudgets.ts";
import {
  type PendingUpdate,
  type SessionFigures,
  type SettlementRefusal,
  settledCount,
  settleUpdates,
} from "./settlement.ts";

type SessionRow = typeof codingSessions.$inferSelect;

export interface EndResult {
  session: CodingSession;
  rewards: CodingRewards;
  /** True when the session had already ended: nothing was paid by this call. */
  alreadyEnded: boolean;
}

/** What a room learns from settling its pending updates. */
export type SettleResult =
  | {
      status: "active";
      /** The session's figures with everything settled so far. */
      figures: SessionFigures;
      /** The player's budget after this settlement (the room pre-checks new updates against it). */
      budget: CodingBudget;
      /** Pending updates the budget refused (other sessions of the player spent it first). */
      refusals: SettlementRefusal[];
      /** The batch's grant, when it had new lines to pay. */
      grant?: GrantResult;
    }
  /** The session ended elsewhere, or another room now holds it: this room may not pay; it should close. */
  | { status: "ended" | "moved" };

export type EndReason = "user" | "client" | "idle" | "disconnected" | "shutdown";

/** A claim on a session's room older than this, whose room never appeared, may be taken over. */
export const ROOM_CLAIM_TIMEOUT_MS = 15_000;

export interface CodingSessionsDeps {
  db: Db;
  clock: Clock;
  progression: Progression;
  refusals: Refusals;
  metrics: Metrics;
}

/**
 * Coding sessions: start, settle updates while a session runs, and the one final payment when it
 * ends. XP is computed here from the updates a room received, never taken from a client, and
 * only under the player's coding budget (shared/src/rules/codingBudget.ts), which every session,
 * room and process of the player spends together. Every paying transaction locks the player's
 * budget row, then the session row: settlements and ends queue instead of paying twice, and a
 * room pays only while the session names it as its room.
 */
export class CodingSessions {
  constructor(private readonly deps: CodingSessionsDeps) {}

  /**
   * The user's active session, or a new one; `created` tells which. The player's budget row is
   * locked meanwhile, so concurrent starts queue: one creates, the others find its session.
   * (The database also allows one active session per player: a partial unique index.)
   */
  async start(
    userId: string,
    input: { projectName?: string; language?: string },
  ): Promise<{ session: SessionRow; created: boolean }> {
    let pending: PendingGrant | undefined;
    const outcome = await this.deps.db.transaction(async (tx) => {
      const budget = await lockCodingBudget(tx, userId);
      const now = this.deps.clock.date();
      const [active] = await tx
        .select()
        .from(codingSessions)
        .where(and(eq(codingSessions.userId, userId), eq(codingSessions.status, "active")))
        .for("update")
        .limit(1);
      if (active && !isCodingIdle(active.lastActivityAt.getTime(), now.getTime())) {
        return { session: active, created: false };
      }
      // A session idle this long lost its room (a live room would have ended it): close it, start afresh.
      if (active) pending = (await this.endInTx(tx, active, budget, { reason: "idle", updates: [] })).pending;
      const [created] = await tx
        .insert(codingSessions)
        .values({
          userId,
          projectName: input.projectName ?? null,
          language: input.language ? normalizeLanguage(input.language) : null,
          startedAt: now,
          lastActivityAt: now,
        })
        .returning();
      if (!created) throw new Error("coding session insert returned nothing");
      return { session: created, created: true };
    });
    await pending?.publish();
    return outcome;
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
   * Makes `roomId` the one room of an active session if its room is still `expected` (compare and
   * set: of concurrent claims, one wins). The room does not exist yet; whoever wins creates it.
   */
  async claimRoom(sessionId: string, expected: string | null, roomId: string): Promise<boolean> {
    const claimed = await this.deps.db
      .update(codingSessions)
      .set({ roomId, roomClaimedAt: this.deps.clock.date() })
      .where(
        and(
          eq(codingSessions.id, sessionId),
          eq(codingSessions.status, "active"),
          expected === null ? sql`${codingSessions.roomId} is null` : eq(codingSessions.roomId, expected),
        ),
      )
      .returning({ id: codingSessions.id });
    return claimed.length === 1;
  }

  /** Gives up a claim whose room could not be created (or no longer exists), so another can be made. */
  async releaseRoom(sessionId: string, roomId: string): Promise<void> {
    await this.deps.db
      .update(codingSessions)
      .set({ roomId: null, roomClaimedAt: null })
      .where(
        and(eq(codingSessions.id, sessionId), eq(codingSessions.roomId, roomId), eq(codingSessions.status, "active")),
      );
  }

  /**
   * What room `roomId` needs to open: the session it was claimed for (undefined when the session
   * is not active or names another room) and the owner's budget.
   */
  async openRoom(
    sessionId: string,
    roomId: string,
  ): Promise<{ session: SessionRow; budget: CodingBudget } | undefined> {
    const [session] = await this.deps.db
      .select()
      .from(codingSessions)
      .where(
        and(eq(codingSessions.id, sessionId), eq(codingSessions.status, "active"), eq(codingSessions.roomId, roomId)),
      )
      .limit(1);
    if (!session) return undefined;
    return { session, budget: await readCodingBudget(this.deps.db, session.userId) };
  }

  /**
   * Settles a room's pending updates under the player's budget and pays the XP of the lines it
   * accepts, in one transaction (a crash loses only what came after the last settlement). Only
   * the room the session names may settle. Retried after a commit, it applies nothing twice:
   * updates are numbered, and the grant's ref is the number of updates settled.
   */
  async settle(
    userId: string,
    sessionId: string,
    roomId: string,
    updates: readonly PendingUpdate[],
  ): Promise<SettleResult> {
    const outcome = await this.deps.db.transaction(async (tx) => {
      const budget = await lockCodingBudget(tx, userId);
      const row = await this.lockSession(tx, sessionId);
      if (row?.status !== "active" || row.userId !== userId) return { status: "ended" } as const;
      if (row.roomId !== roomId) return { status: "moved" } as const;
      const now = this.deps.clock.date();
      const settled = settleUpdates(figuresOf(row), budget, updates, now.getTime());
      await saveCodingBudget(tx, userId, settled.budget, now);
      const paid = row.paidLinesByLanguage;
      const { linesByLanguage } = settled.figures;
      const xp = Math.max(0, xpForLanguages(linesByLanguage) - xpForLanguages(paid));
      await tx
        .update(codingSessions)
        .set({ ...columns(settled.figures), paidLinesByLanguage: linesByLanguage, xpEarned: row.xpEarned + xp })
        .where(eq(codingSessions.id, sessionId));
      const events = lineEvents(linesByLanguage, paid);
      let pending: PendingGrant | undefined;
      if (events.length > 0) {
        if (xp > 0) events.push({ kind: "coding_day" });
        pending = await this.deps.progression.grantInTx(tx, {
          userId,
          ref: `coding:${sessionId}:batch:${settledCount(settled.figures)}`,
          reason: "coding",
          xp,
          events,
        });
      }
      const linesAccepted = settled.figures.linesWritten - row.linesWritten;
      return { status: "active", ...settled, pending, linesAccepted } as const;
    });
    if (outcome.status !== "active") return outcome;
    this.countLines(outcome.linesAccepted, outcome.refusals);
    for (const r of outcome.refusals) this.deps.refusals.record(r.rule, userId);
    await outcome.pending?.publish();
    const { pending, linesAccepted: _, ...result } = outcome;
    return { ...result, grant: pending?.result };
  }

  /**
   * Ends a session and pays its final rewards exactly once: the room's last updates (under the
   * budget), the XP of lines not yet paid, the session's coins (1 per 10 XP), coding minutes, and
   * what progression derives from them (streak, quests, badges). Whoever comes second — REST, the
   * room, the idle time-out or a shutdown — gets the stored result with `alreadyEnded`. A room
   * (`roomId`) may end only the session that names it.
   */
  async end(
    sessionId: string,
    opts: { reason: EndReason; userId: string; roomId?: string; updates?: readonly PendingUpdate[] },
  ): Promise<EndResult> {
    let pending: PendingGrant | undefined;
    let refusals: SettlementRefusal[] = [];
    let linesAccepted = 0;
    const result = await this.deps.db.transaction(async (tx): Promise<EndResult> => {
      const budget = await lockCodingBudget(tx, opts.userId);
      const row = await this.lockSession(tx, sessionId);
      if (!row || row.userId !== opts.userId) throw notFound("Coding session");
      if (row.status === "ended") {
        return { session: toPublicSession(row), rewards: row.rewards as CodingRewards, alreadyEnded: true };
      }
      if (opts.roomId !== undefined && row.roomId !== opts.roomId) {
        throw conflict(ErrorCode.CONFLICT, "This coding session continues in another room");
      }
      const ended = await this.endInTx(tx, row, budget, { reason: opts.reason, updates: opts.updates ?? [] });
      pending = ended.pending;
      refusals = ended.refusals;
      linesAccepted = ended.result.session.linesWritten - row.linesWritten;
      return ended.result;
    });
    this.countLines(linesAccepted, refusals);
    for (const r of refusals) this.deps.refusals.record(r.rule, opts.userId);
    await pending?.publish();
    return result;
  }

  /** After commit: lines a settlement or an end paid, and those it refused, in /metrics. */
  private countLines(accepted: number, refusals: readonly SettlementRefusal[]): void {
    const { metrics } = this.deps;
    if (accepted > 0) metrics.codingLinesAccepted.inc(accepted);
    for (const r of refusals) metrics.codingLinesRefused.inc({ reason: r.reason }, r.update.linesAdded);
  }

  /** Ends the locked, active session `row`; the caller holds the player's budget lock (`budget`). */
  private async endInTx(
    tx: Tx,
    row: SessionRow,
    budget: CodingBudget,
    opts: { reason: EndReason; updates: readonly PendingUpdate[] },
  ): Promise<{ result: EndResult; pending: PendingGrant; refusals: SettlementRefusal[] }> {
    const now = this.deps.clock.date();
    let figures = figuresOf(row);
    let refusals: SettlementRefusal[] = [];
    if (opts.updates.length > 0) {
      const settled = settleUpdates(figures, budget, opts.updates, now.getTime());
      await saveCodingBudget(tx, row.userId, settled.budget, now);
      figures = settled.figures;
      refusals = settled.refusals;
    }
    const paid = row.paidLinesByLanguage;
    const finalXp = Math.max(0, xpForLanguages(figures.linesByLanguage) - xpForLanguages(paid));
    const sessionXp = row.xpEarned + finalXp;
    const coins = coinsForSessionXp(sessionXp);
    const minutes = codingMinutes(row.startedAt.getTime(), figures.lastActivityAt);
    const events = lineEvents(figures.linesByLanguage, paid);
    if (minutes > 0) events.push({ kind: "coding_minutes", amount: minutes });
    // The streak day is the day XP is paid (docs/game-rules.md): an end that pays nothing new
    // credits no day, or a session coded before midnight and ended after it would count twice.
    if (finalXp > 0) events.push({ kind: "coding_day" });
    const pending = await this.deps.progression.grantInTx(tx, {
      userId: row.userId,
      ref: `coding:${row.id}:end`,
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
      achievements: await this.sessionBadges(tx, row.userId, row.id),
    };
    const [ended] = await tx
      .update(codingSessions)
      .set({
        ...columns(figures),
        paidLinesByLanguage: figures.linesByLanguage,
        xpEarned: sessionXp,
        coinsEarned: coins,
        status: "ended",
        endedAt: now,
        endReason: opts.reason,
        rewards,
      })
      .where(and(eq(codingSessions.id, row.id), eq(codingSessions.status, "active")))
      .returning();
    if (!ended) throw conflict(ErrorCode.ALREADY_ENDED, "This coding session has already ended");
    return { result: { session: toPublicSession(ended), rewards, alreadyEnded: false }, pending, refusals };
  }

  /** The user's sessions, newest first, `limit` per page; `cursor` is the previous page's `nextCursor`. */
  async list(userId: string, page: { limit: number; cursor?: string }) {
    const rows = await this.deps.db
      .select()
      .from(codingSessions)
      .where(
        and(eq(codingSessions.userId, userId), afterCursor(codingSessions.startedAt, codingSessions.id, page.cursor)),
      )
      .orderBy(desc(codingSessions.startedAt), desc(codingSessions.id))
      .limit(page.limit + 1);
    const { page: items, nextCursor } = pageOf(rows, page.limit, (r) => ({ at: r.startedAt, id: r.id }));
    return { items: items.map(toPublicSession), nextCursor };
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

/** The stored columns of a session's figures. */
function columns(f: SessionFigures) {
  return { ...f, lastActivityAt: new Date(f.lastActivityAt) };
}

/** The figures last settled for a session (what a room resumes from). */
export function figuresOf(row: SessionRow): SessionFigures {
  return {
    language: row.language,
    linesWritten: row.linesWritten,
    linesRemoved: row.linesRemoved,
    charactersTyped: row.charactersTyped,
    filesModified: row.filesModified,
    linesByLanguage: row.linesByLanguage,
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
    linesByLanguage: row.linesByLanguage,
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
