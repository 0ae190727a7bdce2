import { randomInt } from "node:crypto";
import { type Client, Room } from "@colyseus/core";
import {
  BattleErrorCode,
  CLASH_MAX_PLAYERS,
  CLASH_MAX_SPECTATORS,
  CLASH_MIN_PLAYERS,
  CLASH_RUNS_PER_MINUTE,
  CLASH_TIME_LIMIT_MS,
  type ClashGradedMessage,
  type ClashLocaleName,
  ClashMessage,
  type ClashMode,
  type ClashPhase,
  type ClashProblemMessage,
  type ClashRoomMetadata,
  clashCodeMessage,
  clashJoinOptions,
  clashLocaleSchema,
  clashProgressMessage,
  clashStartMessage,
  ErrorCode,
  RoomName,
} from "@levelup/shared";
import { type ClashProblem, clashProblems, clashStarterCode } from "@levelup/shared/content/clashProblems";
import { ClashPlayerState, ClashState, ClashSubmissionState } from "@levelup/shared/state/ClashState";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import type { ClashSettlement } from "../../services/clashes/types.ts";
import { MessageGuard, type MessageLimits } from "../messageGuard.ts";
import { refuseSeat, roomDeps } from "../roomDeps.ts";
import { type RoomUser, signedIn } from "../roomDoor.ts";
import { isSealedRoom } from "../roomSeal.ts";
import { type ClashFinalEntry, placesOf, resultMessage } from "./clashResult.ts";
import { runClashCode } from "./clashGrading.ts";
import { releaseClashSeat, claimClashSeat } from "./clashSeatBook.ts";
import type { AdmitsClashPlayers, ClashAdmitResult, ClashApplicant, ClashSeat } from "./clashTypes.ts";

/** How often the room looks at its clocks (countdown, time limit, stale seats), milliseconds. */
const TICK_MS = 100;
/** How long the room stays open after `clash_result`, so the last patch and message reach everyone. */
const CLOSE_AFTER_RESULT_MS = 10_000;
const RUN_WINDOW_MS = 60_000;
/** Tries of the settlement (idempotent by clash id) before the clash ends unrated. */
const SETTLE_TRIES = 3;

/**
 * Players type (a progress message every keystroke or so, debounced by clients) and run code a
 * few times a minute; spectators send nothing. Beyond a burst messages are dropped, and a
 * connection that keeps flooding is cut off.
 */
const CLASH_LIMITS: MessageLimits = { perSecond: 10, burst: 30, cutAfter: 100, windowMs: 10_000 };

export const clashRoomOptions = z.object({
  private: z.boolean(),
  language: z.union([clashLocaleSchema, z.literal("")]),
  /** Proof that this server, not a client calling the matchmaker, asked for the room (roomSeal.ts). */
  seal: z.string(),
});
export type ClashRoomOptions = z.infer<typeof clashRoomOptions>;

/** The subjects a clash room's seal vouches for. */
export function clashSealSubjects(options: Omit<ClashRoomOptions, "seal">): string[] {
  return [options.private ? "private" : "public", options.language];
}

/** One seat, from its admission (REST) to the end; what nobody else may see stays here, never in the state. */
interface Player {
  user: ClashApplicant;
  /** Date.now() of the admission, to drop seats reserved but never taken. */
  admittedAt: number;
  /** The seat's connection; undefined until the player joins. */
  sessionId?: string;
  /** The submission ranked: most validators passed, the earliest of equals. Its code leaves only in clash_result. */
  best?: { code: string; passed: number; total: number; atMs: number };
  solved: boolean;
  forfeited: boolean;
  /** Gone for good (left, or the reconnection window passed): free to take another clash. */
  left: boolean;
  /** ctx.clock times of this minute's runs (tests and submissions). */
  runs: number[];
  running: boolean;
}

/**
 * One code clash (docs/rooms.md, "clash"): a lobby whose creator starts it, a countdown, then a
 * race on one puzzle under a mode drawn at random, until everyone still in it has solved, the time
 * limit, or nobody is left. Then it ranks (shared/src/rules/clash.ts), settles once through
 * `ctx.clashes` (ratings, rewards: nothing is written before), reveals every solution and closes.
 *
 * Hidden information: the validators stay on the server; a player's code is never in the state
 * and reaches nobody (not even its author, who has it) before `clash_result`.
 */
export class ClashRoom extends Room<{ state: ClashState; metadata: ClashRoomMetadata }> implements AdmitsClashPlayers {
  override maxClients = CLASH_MAX_PLAYERS + CLASH_MAX_SPECTATORS;
  static override onAuth = signedIn;
  private readonly guard = new MessageGuard(this, "clash", CLASH_LIMITS);

  /** Seats by user id, in admission order (the owner's successor is the next one). */
  private readonly players = new Map<string, Player>();
  private readonly spectatorIds = new Set<string>();
  private openedAt = 0;
  private problem: ClashProblem | undefined;
  private mode: ClashMode | undefined;
  /** Gradings under way: the end waits for them, so a submission made in time counts. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private ending: Promise<void> | undefined;
  /** The process is shutting down: nobody forfeits and nothing is settled (docs/rooms.md, "no contest"). */
  private draining = false;

  override onCreate(raw: unknown): void {
    const parsed = clashRoomOptions.safeParse(raw ?? {});
    const { config, clock } = roomDeps();
    if (
      !parsed.success ||
      !isSealedRoom(config.JWT_SECRET, parsed.data.seal, RoomName.clash, ...clashSealSubjects(parsed.data))
    ) {
      throw new AppError(403, ErrorCode.FORBIDDEN, "Clash rooms are opened through /api/game/clashes");
    }
    // Every field set: the schema leaves those without a default undefined (the listing copies them).
    this.setState(
      Object.assign(new ClashState(), {
        phase: "lobby",
        mode: "",
        difficulty: "",
        problemId: "",
        ownerId: "",
        private: parsed.data.private,
        language: parsed.data.language,
        startsAt: 0,
        endsAt: 0,
        spectators: 0,
        winnerId: "",
      }),
    );
    this.openedAt = clock.now();
    this.registerMessages();
    this.clock.setInterval(() => this.tick(), TICK_MS);
    // Listed before the first seat is reserved: persisted with the room's creation.
    void this.refreshListing();
  }

  /**
   * Takes a seat for a player (before the matchmaker reserves it), wherever the request was
   * served: only in the lobby, only while there is room.
   */
  async admit(applicant: ClashApplicant): Promise<ClashAdmitResult> {
    this.dropStaleAdmissions();
    if (this.state.phase !== "lobby") {
      return { ok: false, code: ErrorCode.CLASH_STARTED, message: "This clash has already started" };
    }
    const known = this.players.get(applicant.id);
    if (known?.sessionId) return { ok: false, code: ErrorCode.CONFLICT, message: "You are already in this clash" };
    if (!known && this.players.size >= CLASH_MAX_PLAYERS) {
      return { ok: false, code: ErrorCode.CONFLICT, message: "This clash is full" };
    }
    if (known) known.admittedAt = Date.now();
    else {
      this.players.set(applicant.id, {
        user: applicant,
        admittedAt: Date.now(),
        solved: false,
        forfeited: false,
        left: false,
        runs: [],
        running: false,
      });
    }
    await claimClashSeat(applicant.id, this.roomId);
    await this.refreshListing();
    return { ok: true };
  }

  seats(userId: string): boolean {
    const player = this.players.get(userId);
    return player !== undefined && !player.left && this.state.phase !== "ended" && !this.ending;
  }

  /**
   * Every signed-in user passed the door (roomDoor.ts); here: a player needs the seat REST reserved
   * for them, taken in the lobby; anyone else may only watch, and says so (`spectate: true`).
   */
  override async onJoin(client: Client, options: unknown): Promise<void> {
    const auth = client.auth as RoomUser | ClashSeat;
    if (!("seat" in auth)) {
      if (clashJoinOptions.safeParse(options ?? {}).data?.spectate !== true) {
        throw refuseSeat(ErrorCode.FORBIDDEN, "Players take a seat through /api/game/clashes");
      }
      if (this.spectatorIds.size >= CLASH_MAX_SPECTATORS) throw refuseSeat(ErrorCode.CONFLICT, "Too many spectators");
      this.spectatorIds.add(client.sessionId);
      this.state.spectators = this.spectatorIds.size;
      this.sendProblem(client);
      await this.refreshListing();
      return;
    }
    const player = this.players.get(auth.id);
    if (this.state.phase !== "lobby") {
      if (player && !player.sessionId) await this.unseat(auth.id);
      throw refuseSeat(ErrorCode.CLASH_STARTED, "This clash has already started");
    }
    if (!player) throw refuseSeat(ErrorCode.FORBIDDEN, "This seat is no longer available");
    if (player.sessionId) throw refuseSeat(ErrorCode.CONFLICT, "You are already in this clash");
    player.sessionId = client.sessionId;
    this.state.players.set(
      auth.id,
      // Every field set: a number the schema leaves undefined would count up to NaN.
      Object.assign(new ClashPlayerState(), {
        userId: auth.id,
        username: player.user.username,
        rating: clampRating(player.user.rating),
        connected: true,
        chars: 0,
        submissions: 0,
        passed: 0,
        total: 0,
        solved: false,
        solvedMs: 0,
        forfeited: false,
        place: 0,
        ratingDelta: 0,
      }),
    );
    if (!this.state.ownerId) this.state.ownerId = auth.id;
    await this.refreshListing();
  }

  override onDrop(client: Client): void {
    const player = this.playerBySession(client.sessionId);
    if (!player || player.forfeited || this.draining || !this.isRunning()) return;
    this.setConnected(player, false);
    // Past the window the reconnection fails and Colyseus calls onLeave: the player forfeits.
    void this.allowReconnection(client, roomDeps().config.CLASH_RECONNECT_MS / 1000).catch(() => {});
  }

  override onReconnect(client: Client): void {
    const player = this.playerBySession(client.sessionId);
    if (player) this.setConnected(player, true);
    this.sendProblem(client);
  }

  override async onLeave(client: Client): Promise<void> {
    if (this.spectatorIds.delete(client.sessionId)) {
      this.state.spectators = this.spectatorIds.size;
      await this.refreshListing();
      return;
    }
    const player = this.playerBySession(client.sessionId);
    if (!player || this.draining) return;
    if (this.state.phase === "lobby") {
      await this.unseat(player.user.id);
      if (this.players.size === 0) void this.disconnect();
      return;
    }
    if (player.left || this.ending || this.state.phase === "ended") return;
    player.left = true;
    const entry = this.state.players.get(player.user.id);
    if (entry) entry.connected = false;
    // A solved result is final: only a player still racing forfeits by going.
    if (!player.solved) {
      player.forfeited = true;
      if (entry) entry.forfeited = true;
    }
    await releaseClashSeat(player.user.id, this.roomId);
    await this.refreshListing();
    this.endIfDecided();
  }

  /** SIGTERM: the clash ends unsettled, as if the process had died (docs/rooms.md, "no contest"). */
  override onBeforeShutdown(): void {
    this.draining = true;
    super.onBeforeShutdown();
  }

  override async onDispose(): Promise<void> {
    await this.ending;
    for (const userId of this.players.keys()) await releaseClashSeat(userId, this.roomId);
  }

  // ---- messages -------------------------------------------------------------------------------

  private registerMessages(): void {
    this.guard.on(ClashMessage.start, clashStartMessage, (client) => this.start(client));
    this.guard.on(ClashMessage.progress, clashProgressMessage, (client, message) => {
      const player = this.playerOf(client);
      if (!player || !this.mayPlay(client, player, false)) return;
      const entry = this.state.players.get(player.user.id);
      if (entry) entry.chars = message.chars;
    });
    this.guard.on(ClashMessage.test, clashCodeMessage, (client, message) => this.run(client, "test", message.code));
    this.guard.on(ClashMessage.submit, clashCodeMessage, (client, message) => this.run(client, "submit", message.code));
    this.guard.onUnknown("refuse");
  }

  /** The sender's seat, or an error to the sender (spectators can change nothing). */
  private playerOf(client: Client): Player | undefined {
    const player = this.playerBySession(client.sessionId);
    if (!player || player.forfeited) {
      this.guard.refuse(client, BattleErrorCode.SPECTATOR, "Spectators cannot act");
      return undefined;
    }
    return player;
  }

  /** Whether the player may act now (playing, not over; code only before solving); refuses otherwise. */
  private mayPlay(client: Client, player: Player, code: boolean): boolean {
    const late = this.state.phase === "playing" && roomDeps().clock.now() >= this.state.endsAt;
    if (this.state.phase === "ended" || this.ending || late) {
      this.guard.refuse(client, ErrorCode.CLASH_OVER, "This clash is over");
      return false;
    }
    if (this.state.phase !== "playing") {
      this.guard.refuse(client, BattleErrorCode.NOT_STARTED, "The clash has not started");
      return false;
    }
    if (code && player.solved) {
      this.guard.refuse(client, ErrorCode.ALREADY_SOLVED, "You have already solved this clash");
      return false;
    }
    return true;
  }

  private async start(client: Client): Promise<void> {
    const player = this.playerOf(client);
    if (!player) return;
    if (this.state.phase !== "lobby") return this.guard.refuse(client, ErrorCode.CLASH_STARTED, "Already started");
    if (this.state.ownerId !== player.user.id) {
      return this.guard.refuse(client, ErrorCode.FORBIDDEN, "Only the clash's owner can start it");
    }
    const seated = [...this.players.values()].filter((p) => p.sessionId);
    if (seated.length < CLASH_MIN_PLAYERS) {
      return this.guard.refuse(
        client,
        ErrorCode.NOT_ENOUGH_PLAYERS,
        `A clash needs at least ${CLASH_MIN_PLAYERS} players`,
      );
    }
    // The field is fixed before anything is awaited: from here on `admit` refuses.
    const { config, clock } = roomDeps();
    this.problem = drawProblem();
    this.mode = config.CLASH_MODES[randomInt(config.CLASH_MODES.length)] as ClashMode;
    this.state.phase = "countdown";
    this.state.startsAt = clock.now() + config.CLASH_COUNTDOWN_MS;
    // Seats reserved but not taken do not play; those players are refused if they still come.
    for (const [userId, p] of this.players) if (!p.sessionId) await this.unseat(userId);
    await this.refreshListing();
  }

  /** The countdown is over: the mode and the problem are revealed, the clock runs. */
  private async begin(): Promise<void> {
    const problem = this.problem as ClashProblem;
    const { config } = roomDeps();
    this.state.phase = "playing";
    this.state.mode = this.mode as ClashMode;
    this.state.difficulty = problem.difficulty;
    this.state.problemId = problem.id;
    this.state.endsAt =
      this.state.startsAt + Math.round(CLASH_TIME_LIMIT_MS[problem.difficulty] * config.CLASH_TIME_LIMIT_SCALE);
    for (const entry of this.state.players.values()) entry.total = problem.validators.length;
    for (const client of this.clients) this.sendProblem(client);
    await this.refreshListing();
  }

  private run(client: Client, kind: "test" | "submit", code: string): void {
    const player = this.playerOf(client);
    if (!player || !this.mayPlay(client, player, true)) return;
    const now = roomDeps().clock.now();
    player.runs = player.runs.filter((at) => at > now - RUN_WINDOW_MS);
    const refusal = player.running
      ? "Your previous run is still being graded"
      : player.runs.length >= CLASH_RUNS_PER_MINUTE
        ? `At most ${CLASH_RUNS_PER_MINUTE} test runs and submissions a minute`
        : undefined;
    if (refusal) {
      this.guard.refuse(client, ErrorCode.RATE_LIMITED, refusal);
      return;
    }
    player.runs.push(now);
    player.running = true;
    const atMs = Math.max(0, now - this.state.startsAt);
    const grading = runClashCode(roomDeps().sandbox, this.problem as ClashProblem, code, kind, player.user.id)
      .then((graded) => {
        if (kind === "submit") this.record(player, code, graded.passed, graded.total, atMs);
        const message: ClashGradedMessage = { ...graded, solved: kind === "submit" && player.solved };
        client.send(ClashMessage.graded, message);
      })
      .catch((err: unknown) => {
        if (err instanceof AppError) return this.guard.refuse(client, err.code, err.message);
        roomDeps().logger.error({ err, roomId: this.roomId }, "clash grading failed");
        this.guard.refuse(client, ErrorCode.GRADING_FAILED, "Your code could not be graded; try again");
      })
      .finally(() => {
        player.running = false;
        this.inFlight.delete(grading);
        this.endIfDecided();
      });
    this.inFlight.add(grading);
  }

  /** A graded submission: on the timeline, and the player's best when it passed more than before. */
  private record(player: Player, code: string, passed: number, total: number, atMs: number): void {
    const entry = this.state.players.get(player.user.id);
    this.state.timeline.push(
      Object.assign(new ClashSubmissionState(), { userId: player.user.id, atMs, passed, total }),
    );
    if (!player.best || passed > player.best.passed) player.best = { code, passed, total, atMs };
    if (total > 0 && passed === total) player.solved = true;
    if (!entry) return;
    // The submitted code is the player's code now: a paste submitted within the second the
    // progress message waits for would otherwise leave the bars on the count before it.
    entry.chars = code.length;
    entry.submissions += 1;
    entry.passed = player.best.passed;
    entry.total = total;
    entry.solvedMs = player.best.atMs;
    entry.solved = player.solved;
  }

  // ---- the clocks and the end -----------------------------------------------------------------

  private tick(): void {
    const now = roomDeps().clock.now();
    if (this.state.phase === "lobby") {
      if (this.dropStaleAdmissions()) void this.refreshListing();
    } else if (this.state.phase === "countdown" && now >= this.state.startsAt && !this.ending) {
      void this.begin();
    } else if (this.state.phase === "playing" && now >= this.state.endsAt) {
      void this.finish();
    }
  }

  /** Ends the clash once everyone still in it has solved, or nobody is left in it. */
  private endIfDecided(): void {
    if (this.draining || this.ending || (this.state.phase !== "playing" && this.state.phase !== "countdown")) return;
    const active = [...this.players.values()].filter((p) => !p.forfeited);
    if (active.length === 0 || (this.state.phase === "playing" && active.every((p) => p.solved))) void this.finish();
  }

  /** Ranks, settles (the only write of a clash), tells everyone and closes; once. */
  private finish(): Promise<void> {
    this.ending ??= (async () => {
      // Submissions made before the end are graded and counted first.
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      const mode = this.mode as ClashMode;
      const problem = this.problem as ClashProblem;
      const entries = [...this.players.values()].filter((p) => p.sessionId).map((p) => this.finalEntry(p));
      const places = placesOf(mode, entries);
      const settlement = await this.settle(mode, problem, places);
      const result = resultMessage(entries, places, settlement);
      for (const standing of result.standings) {
        const entry = this.state.players.get(standing.userId);
        if (!entry) continue;
        entry.place = standing.place;
        entry.ratingDelta = standing.ratingAfter - standing.ratingBefore;
      }
      this.state.winnerId = result.winnerId ?? "";
      this.state.phase = "ended";
      this.broadcast(ClashMessage.result, result);
      for (const userId of this.players.keys()) await releaseClashSeat(userId, this.roomId);
      await this.refreshListing();
      this.clock.setTimeout(() => void this.disconnect(), CLOSE_AFTER_RESULT_MS);
    })().catch((err: unknown) => {
      roomDeps().logger.error({ err, roomId: this.roomId }, "clash could not end; closing the room");
      void this.disconnect();
    });
    return this.ending;
  }

  private finalEntry(p: Player): ClashFinalEntry {
    return {
      userId: p.user.id,
      username: p.user.username,
      rating: p.user.rating,
      passed: p.best?.passed ?? 0,
      total: this.problem?.validators.length ?? 0,
      solved: p.solved,
      timeMs: p.best?.atMs ?? null,
      codeLength: p.best ? p.best.code.length : null,
      forfeited: p.forfeited,
      code: p.best?.code ?? null,
    };
  }

  /** ctx.clashes.settle, retried (it is idempotent by clash id); a clash it never takes ends unrated. */
  private async settle(
    mode: ClashMode,
    problem: ClashProblem,
    places: ReturnType<typeof placesOf>,
  ): Promise<ClashSettlement> {
    const { clashes, logger } = roomDeps();
    const input = {
      clashId: this.roomId,
      mode,
      difficulty: problem.difficulty,
      problemId: problem.id,
      startedAt: new Date(this.state.startsAt),
      players: places,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await clashes.settle(input);
      } catch (err) {
        logger.warn({ err, roomId: this.roomId, attempt }, "clash settlement failed");
        if (attempt >= SETTLE_TRIES) return { rated: false, outcomes: [] };
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** `clash_problem` to one client, once the clash runs (at the start, or joining or coming back later). */
  private sendProblem(client: Client): void {
    const problem = this.problem;
    if (!problem || (this.state.phase !== "playing" && this.state.phase !== "ended")) return;
    const message: ClashProblemMessage = {
      problemId: problem.id,
      mode: this.mode as ClashMode,
      difficulty: problem.difficulty,
      fn: problem.fn,
      starterCode: clashStarterCode(problem),
      title: problem.title,
      statement: this.mode === "reverse" ? null : problem.statement,
      examples: problem.examples.map(({ args, expected }) => ({ args, expected })),
      endsAt: this.state.endsAt,
    };
    client.send(ClashMessage.problem, message);
  }

  private isRunning(): boolean {
    return (this.state.phase === "countdown" || this.state.phase === "playing") && !this.ending;
  }

  private playerBySession(sessionId: string): Player | undefined {
    for (const p of this.players.values()) if (p.sessionId === sessionId) return p;
    return undefined;
  }

  private setConnected(player: Player, connected: boolean): void {
    const entry = this.state.players.get(player.user.id);
    if (entry) entry.connected = connected;
  }

  /** Frees a lobby seat; the owner's passes to the next seated player. */
  private async unseat(userId: string): Promise<void> {
    this.players.delete(userId);
    this.state.players.delete(userId);
    if (this.state.ownerId === userId) {
      this.state.ownerId = [...this.players.values()].find((p) => p.sessionId)?.user.id ?? "";
    }
    await releaseClashSeat(userId, this.roomId);
    await this.refreshListing();
  }

  /** Forgets lobby seats reserved but never taken (the reservation expired); true when some were. */
  private dropStaleAdmissions(): boolean {
    const expiry = Date.now() - (this.seatReservationTimeout + 5) * 1000;
    let dropped = false;
    for (const [userId, p] of this.players) {
      if (!p.sessionId && p.admittedAt < expiry) {
        this.players.delete(userId);
        void releaseClashSeat(userId, this.roomId);
        dropped = true;
      }
    }
    if (dropped && this.players.size === 0 && this.clients.length === 0) void this.disconnect();
    return dropped;
  }

  /** Keeps the matchmaker's listing current: the queue matches on it, GET /clashes/live lists it. */
  private async refreshListing(): Promise<void> {
    const inClash = [...this.players.values()].filter((p) => !p.forfeited);
    const rating = inClash.length ? Math.round(inClash.reduce((sum, p) => sum + p.user.rating, 0) / inClash.length) : 0;
    await this.setMetadata({
      phase: this.state.phase as ClashPhase,
      mode: this.state.mode as ClashMode | "",
      difficulty: this.state.difficulty,
      players: inClash.length,
      spectators: this.spectatorIds.size,
      private: this.state.private,
      language: this.state.language as ClashLocaleName | "",
      rating,
      openedAt: this.openedAt,
    });
  }
}

/** A difficulty at random among those with problems, then one of its problems. */
function drawProblem(): ClashProblem {
  const difficulties = [...new Set(clashProblems.map((p) => p.difficulty))];
  const difficulty = difficulties[randomInt(difficulties.length)];
  const pool = clashProblems.filter((p) => p.difficulty === difficulty);
  return pool[randomInt(pool.length)] as ClashProblem;
}

/** The state's rating is 16-bit unsigned. */
function clampRating(rating: number): number {
  return Math.max(0, Math.min(0xffff, Math.round(rating)));
}
