import "../webSocketGlobal.ts";
import { type Client, Room } from "@colyseus/core";
import { z } from "zod";
import { emptyMessage, ErrorCode } from "@levelup/shared";
import { isCodingIdle, xpForLanguages } from "@levelup/shared/rules/coding";
import {
  CodingMessage,
  type CodingUpdateMessage,
  codingUpdateMessage,
  type XpUpdateMessage,
} from "@levelup/shared/protocol/coding";
import { CodingState } from "@levelup/shared/state/CodingState";
import { AppError } from "../../errors.ts";
import type { EndReason, EndResult } from "../../services/coding/CodingSessions.ts";
import { figuresOf } from "../../services/coding/CodingSessions.ts";
import type { AuthUser } from "../../services/auth/tokens.ts";
import { refuseSeat, roomDeps } from "../roomDeps.ts";
import { MessageGuard, type MessageLimits } from "../messageGuard.ts";
import { signedIn } from "../roomDoor.ts";
import { isSealed } from "./codingSeats.ts";
import { LiveTally } from "./LiveTally.ts";

/** How often accepted lines are paid (and idleness checked): a crash loses at most this much progress. */
export const CODING_FLUSH_INTERVAL_MS = 2000;
/** How long a dropped owner may take to come back with Colyseus reconnection. */
export const CODING_RECONNECT_SECONDS = 60;

/**
 * An honest tracker sends about one update a second (cli/src/UpdatePacer.ts); bursts after a
 * reconnection stay well under the bucket. A flood is dropped, then cut off (the client may reconnect).
 */
const CODING_LIMITS: MessageLimits = { perSecond: 20, burst: 100, cutAfter: 200, windowMs: 10_000 };

const createOptions = z.object({
  sessionId: z.uuid(),
  roomId: z.string().min(1).max(64),
  seal: z.string().min(1).max(100),
});

/**
 * One coding session, authoritative (issue 6). Only the owner joins. Updates are validated and
 * pre-checked in memory against the player's budget (no database write per message); every few
 * seconds they are settled: under the player's shared budget, saved and paid in one transaction.
 * Only the room the session names may settle or end it. The session ends exactly
 * once — asked by the client or REST, after 30 idle minutes, or when the room is disposed or the
 * server shuts down — and the clients get `coding_ended` with the rewards before the room closes.
 */
export class CodingRoom extends Room<{ state: CodingState }> {
  override maxClients = 4;
  override patchRate = 200;

  private sessionId = "";
  private ownerId = "";
  private tally!: LiveTally;
  private readonly guard = new MessageGuard(this, "coding", CODING_LIMITS);
  /** Database work runs one piece at a time, in order (flushes, then the end). */
  private work: Promise<unknown> = Promise.resolve();
  private ending: Promise<EndResult> | undefined;
  private flushing = false;
  private shuttingDown = false;
  /** Closed without ending: the session ended elsewhere or another room holds it. */
  private released = false;

  override async onCreate(options: unknown): Promise<void> {
    const deps = roomDeps();
    const parsed = createOptions.safeParse(options);
    if (!parsed.success || !isSealed(deps.config.JWT_SECRET, parsed.data)) {
      throw new AppError(403, ErrorCode.FORBIDDEN, "Coding rooms are opened through POST /api/game/coding/start");
    }
    // The id claimed for this room in the session row: the session pays only the room of that id.
    this.roomId = parsed.data.roomId;
    const bound = await deps.coding.openRoom(parsed.data.sessionId, this.roomId);
    if (!bound) throw new AppError(409, ErrorCode.CONFLICT, "This coding session is not active or has another room");
    const { session } = bound;
    this.sessionId = session.id;
    this.ownerId = session.userId;
    this.tally = new LiveTally(figuresOf(session), bound.budget);

    this.state = new CodingState();
    Object.assign(this.state, {
      sessionId: session.id,
      projectName: session.projectName ?? "",
      language: session.language ?? "",
      startedAt: session.startedAt.toISOString(),
    });
    this.syncState();

    this.guard.on(CodingMessage.update, codingUpdateMessage, (client, message) => this.onUpdate(client, message));
    this.guard.on(CodingMessage.end, emptyMessage, () => {
      void this.finish("client").catch((err) => deps.logger.error({ err, roomId: this.roomId }, "coding end failed"));
    });
    this.guard.onUnknown("refuse");
    this.clock.setInterval(() => this.tick(), CODING_FLUSH_INTERVAL_MS);
  }

  static override onAuth = signedIn;

  override onJoin(client: Client): void {
    if ((client.auth as AuthUser).id !== this.ownerId) {
      throw refuseSeat(ErrorCode.FORBIDDEN, "Only the session's owner may join");
    }
  }

  override onDrop(client: Client): void {
    // A connection refused in onJoin (not the owner) has no seat to come back to.
    if (this.ending || (client.auth as AuthUser | undefined)?.id !== this.ownerId) return;
    this.allowReconnection(client, CODING_RECONNECT_SECONDS);
  }

  override onBeforeShutdown(): void {
    this.shuttingDown = true;
    if (this.released || !this.sessionId) return;
    void this.finish("shutdown")
      .catch((err) => roomDeps().logger.error({ err, roomId: this.roomId }, "coding end at shutdown failed"))
      .finally(() => this.disconnect());
  }

  override async onDispose(): Promise<void> {
    // The last client left (or its reconnection window ran out): the session ends with what it has.
    // A refused creation is disposed too, without a session.
    if (this.released || !this.sessionId) return;
    await this.finish(this.shuttingDown ? "shutdown" : "disconnected").catch((err) =>
      roomDeps().logger.error({ err, roomId: this.roomId }, "coding end at dispose failed"),
    );
  }

  /**
   * Ends the session once, whoever asks: saves the last figures, pays the final rewards, tells
   * the clients and closes. REST calls it through the matchmaker (`remoteRoomCall`).
   */
  finish(reason: EndReason): Promise<EndResult> {
    this.ending ??= this.serially(async () => {
      const result = await roomDeps()
        .coding.end(this.sessionId, {
          reason,
          userId: this.ownerId,
          roomId: this.roomId,
          updates: this.tally.batch(),
        })
        .catch(async (err: unknown) => {
          // The session ended without this room or continues in another: this room may not end it.
          if (err instanceof AppError && err.status === 409) await this.close();
          throw err;
        });
      this.state.active = false;
      this.state.xpEarned = result.session.xpEarned;
      this.broadcast(CodingMessage.ended, result);
      // Let the final patch and message go out before the clients are closed.
      this.clock.setTimeout(() => void this.disconnect(), 100);
      return result;
    }).catch((err: unknown) => {
      // Nothing was paid: let the next attempt (dispose, REST, shutdown) try again.
      this.ending = undefined;
      throw err;
    });
    return this.ending;
  }

  private onUpdate(client: Client, message: CodingUpdateMessage): void {
    const { metrics } = roomDeps();
    if (this.ending) {
      metrics.codingLinesRefused.inc({ reason: "session_ended" }, message.linesAdded);
      client.send(CodingMessage.rejected, { reason: "session_ended", message: "This coding session has ended" });
      return;
    }
    const verdict = this.tally.apply(message, roomDeps().clock.now());
    if (!verdict.accepted) {
      const { accepted: _, rule, ...why } = verdict;
      metrics.codingLinesRefused.inc({ reason: why.reason }, message.linesAdded);
      roomDeps().refusals.record(rule, this.ownerId);
      const { linesAdded, file, language } = message;
      const retryable = why.reason !== "too_many_lines";
      client.send(CodingMessage.rejected, retryable ? { ...why, update: { linesAdded, file, language } } : why);
    }
    this.syncState();
  }

  private syncState(): void {
    const s = this.tally.view();
    const st = this.state;
    st.language = s.language ?? st.language;
    // The state's counters are 32-bit; the stored figures are 64-bit.
    st.linesWritten = uint32(s.linesWritten);
    st.linesRemoved = uint32(s.linesRemoved);
    st.charactersTyped = uint32(s.charactersTyped);
    st.filesModified = uint32(s.filesModified);
    st.acceptedUpdates = uint32(s.acceptedUpdates);
    st.rejectedUpdates = uint32(s.rejectedUpdates);
    st.xpEarned = uint32(xpForLanguages(s.linesByLanguage));
  }

  /** Closes the room without ending the session (it ended elsewhere, or another room holds it). */
  private async close(): Promise<void> {
    this.released = true;
    this.state.active = false;
    await this.disconnect();
  }

  /** Every few seconds: end an idle session, otherwise pay what arrived since the last flush. */
  private tick(): void {
    if (this.ending) return;
    const deps = roomDeps();
    if (isCodingIdle(this.tally.lastActivityAt, deps.clock.now())) {
      void this.finish("idle").catch((err) =>
        deps.logger.error({ err, roomId: this.roomId }, "coding idle end failed"),
      );
      return;
    }
    // One flush at a time: when the database is slower than the ticks, batches simply grow.
    if (this.tally.pendingCount === 0 || this.flushing) return;
    this.flushing = true;
    void this.serially(() => this.flush())
      .catch((err) => deps.logger.warn({ err, roomId: this.roomId }, "coding flush failed; retrying at the next tick"))
      .finally(() => {
        this.flushing = false;
      });
  }

  private async flush(): Promise<void> {
    if (this.ending) return;
    const result = await roomDeps().coding.settle(this.ownerId, this.sessionId, this.roomId, this.tally.batch());
    if (result.status !== "active") {
      // Ended elsewhere, or another room holds the session now: this one may not pay; it closes.
      await this.close();
      return;
    }
    this.tally.settle(result.figures, result.budget);
    this.syncState();
    for (const { seq: _, rule: __, ...refusal } of result.refusals) this.broadcast(CodingMessage.rejected, refusal);
    const grant = result.grant;
    if (grant?.applied && grant.xpGained > 0) {
      // The public contract (docs/api.md) has the coding room push `xp_update` for a paid batch, so
      // outside clients keep it; this repository's clients take the player's XP from the hub only.
      const update: XpUpdateMessage = {
        xp: grant.xpGained,
        totalXp: grant.experience,
        level: grant.levelAfter,
        leveledUp: grant.levelAfter > grant.levelBefore,
      };
      this.broadcast(CodingMessage.xpUpdate, update);
    }
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.work.then(fn, fn);
    this.work = next.catch(() => {});
    return next;
  }
}

const uint32 = (n: number) => Math.min(n, 0xffff_ffff);
