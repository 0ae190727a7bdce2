import { Client, type Room } from "@colyseus/sdk";
import { clashProblemById, clashStarterCode } from "@levelup/shared/content/clashProblems";
import type { ClashGradedMessage, ClashProblemMessage, ClashResultMessage } from "@levelup/shared/protocol/clash";
import type { RoomErrorMessage } from "@levelup/shared/protocol/errors";
import { ClashMessage } from "@levelup/shared/protocol/rooms";
import { CLASH_RUNS_PER_MINUTE } from "@levelup/shared/rules/clash";
import { leave } from "../lib/leave.ts";
import { type BotUser, callApi } from "../lib/target.ts";

/** How a table's bots find their lobby: the first invites (POST /invite, the others /join by room id), or the queue. */
export type ClashSeating = "invite" | "queue";

export interface ClashBotOptions {
  seating: ClashSeating;
  /**
   * Players seated in each clash. A table may hold more bots than that: they take turns, round
   * after round, the way people drift between games, which keeps each bot well inside the room's
   * runs-per-minute limit even when rounds are short.
   */
  players: number;
  /** Share of the players (0–1) who first submit the starter code, a wrong answer, before the reference. */
  wrongShare: number;
  /** How long a player "types" between the problem and the first submission, milliseconds (±30 %). */
  typingMs: number;
}

/** What a table's bots report; one per load-generator process, read and reset by `drain`. */
export class ClashFigures {
  /** Milliseconds from each `clash_submit` to its `clash_graded`. */
  gradedMs: number[] = [];
  /** Clashes whose `clash_result` arrived (counted once, by the owner's bot). */
  completed = 0;
  /** Rounds given up (a step timed out, a request or join failed); the table starts a new one. */
  abandoned = 0;
  /** Queued bots that left a lobby nobody joined, to queue again. */
  requeued = 0;
  /**
   * Queued bots whose seat was gone when they came to take it (the lobby's owner started in
   * between; the room refuses them by design, docs/rooms.md), who queued again.
   */
  lateJoins = 0;
  /** Clashes between their `clash_problem` and their end, now. */
  playing = 0;
  /** Rounds given up or refusals received, by kind. */
  errors: Record<string, number> = {};
  /** Messages of types the bots do not handle (the room sent something the contract does not name). */
  otherMessages = 0;

  private readonly logged = new Set<string>();

  error(kind: string, detail?: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    // One line per kind, then only counts: a broken server would otherwise flood the log.
    if (!this.logged.has(kind) && detail) console.error(`  clash bots: ${kind}: ${detail}`);
    this.logged.add(kind);
  }

  /** What was recorded since the previous drain (`playing` is the present count, not reset). */
  drain(): ClashFiguresSnapshot {
    const snapshot = {
      gradedMs: this.gradedMs,
      completed: this.completed,
      abandoned: this.abandoned,
      requeued: this.requeued,
      lateJoins: this.lateJoins,
      playing: this.playing,
      errors: this.errors,
      otherMessages: this.otherMessages,
    };
    this.gradedMs = [];
    this.completed = 0;
    this.abandoned = 0;
    this.requeued = 0;
    this.lateJoins = 0;
    this.errors = {};
    this.otherMessages = 0;
    return snapshot;
  }
}

export type ClashFiguresSnapshot = Pick<
  ClashFigures,
  "gradedMs" | "completed" | "abandoned" | "requeued" | "lateJoins" | "playing" | "errors" | "otherMessages"
>;

/** Adds snapshots of several generators together. */
export function mergeClashFigures(parts: ClashFiguresSnapshot[]): ClashFiguresSnapshot {
  const errors: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.errors)) errors[k] = (errors[k] ?? 0) + v;
  return {
    gradedMs: parts.flatMap((p) => p.gradedMs),
    completed: parts.reduce((s, p) => s + p.completed, 0),
    abandoned: parts.reduce((s, p) => s + p.abandoned, 0),
    requeued: parts.reduce((s, p) => s + p.requeued, 0),
    lateJoins: parts.reduce((s, p) => s + p.lateJoins, 0),
    playing: parts.reduce((s, p) => s + p.playing, 0),
    errors,
    otherMessages: parts.reduce((s, p) => s + p.otherMessages, 0),
  };
}

/** Longest wait for a step of the room (seats filled, problem, grading) before the round is given up. */
const STEP_TIMEOUT_MS = 30_000;
/** How long past the clash's `endsAt` a bot waits for `clash_result`. */
const RESULT_GRACE_MS = 30_000;
/** A queue lobby is started with fewer players than the table once it has waited this long. */
const QUEUE_WAIT_MS = 5_000;
/** A bot alone in a queue lobby queues again after about this long (±30 %). */
const QUEUE_PATIENCE_MS = 12_000;

/**
 * Every submission of a user in the last minute: a bot never submits faster than the room allows
 * (CLASH_RUNS_PER_MINUTE in shared/src/rules/clash.ts, counted here as a sliding minute, the
 * strictest reading), so a RATE_LIMITED refusal is a finding, not the bots' doing.
 */
const runsOf = new Map<string, number[]>();

async function waitForRunAllowance(userId: string, stopped: () => boolean): Promise<void> {
  for (;;) {
    const now = Date.now();
    const recent = (runsOf.get(userId) ?? []).filter((t) => now - t < 60_000);
    runsOf.set(userId, recent);
    if (recent.length < CLASH_RUNS_PER_MINUTE || stopped()) {
      recent.push(now);
      return;
    }
    await sleep(recent[0]! + 60_000 + 100 - now);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const jitter = (ms: number) => ms * (0.7 + 0.6 * Math.random());

/** Minimal view of the synced ClashState (shared/src/state/ClashState.ts) the bots read. */
interface ClashView {
  phase: string;
  ownerId: string;
  players: { size: number };
}

/** The answer of /clashes/invite, /join and /queue (clashSeatResponse in shared/src/protocol/clash.ts). */
interface SeatAnswer {
  roomId: string;
  reservation: Parameters<Client["consumeSeatReservation"]>[0];
}

/** Messages of one seated bot, as promises the round awaits in order. */
class Seated {
  readonly problem: Promise<ClashProblemMessage>;
  readonly result: Promise<ClashResultMessage>;
  private gradedWaiter?: { resolve(m: ClashGradedMessage): void; reject(e: Error): void };
  private failRound!: (e: Error) => void;
  /** Rejects when the room refuses something or the connection ends before the result. */
  readonly failed: Promise<never>;

  constructor(
    readonly user: BotUser,
    readonly room: Room,
    figures: ClashFigures,
  ) {
    let gotProblem!: (m: ClashProblemMessage) => void;
    let gotResult!: (m: ClashResultMessage) => void;
    this.problem = new Promise((r) => {
      gotProblem = r;
    });
    this.result = new Promise((r) => {
      gotResult = r;
    });
    this.failed = new Promise<never>((_, reject) => {
      this.failRound = reject;
    });
    this.failed.catch(() => {});
    let over = false;
    // Every type the room may send, registered at once: it greets a seat with the state right away.
    room.onMessage(ClashMessage.problem, (m: ClashProblemMessage) => gotProblem(m));
    room.onMessage(ClashMessage.graded, (m: ClashGradedMessage) => {
      this.gradedWaiter?.resolve(m);
      this.gradedWaiter = undefined;
    });
    room.onMessage(ClashMessage.result, (m: ClashResultMessage) => {
      over = true;
      gotResult(m);
    });
    room.onMessage(ClashMessage.error, (m: RoomErrorMessage) => {
      const err = new Error(`${m?.code}: ${m?.message}`);
      err.name = m?.code ?? "error";
      if (this.gradedWaiter) {
        this.gradedWaiter.reject(err);
        this.gradedWaiter = undefined;
      } else this.failRound(err);
    });
    room.onMessage("*", () => {
      figures.otherMessages++;
    });
    room.onLeave((code) => {
      if (over) return;
      const err = new Error(`left the room before the result (close code ${code})`);
      err.name = "LEFT_EARLY";
      this.gradedWaiter?.reject(err);
      this.failRound(err);
    });
  }

  /** Sends `clash_submit` and resolves with its `clash_graded`, timed into `figures`. */
  submit(code: string, figures: ClashFigures): Promise<ClashGradedMessage> {
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      this.gradedWaiter = {
        resolve: (m) => {
          figures.gradedMs.push(performance.now() - t0);
          resolve(m);
        },
        reject,
      };
      this.room.send(ClashMessage.submit, { code });
    });
  }
}

/**
 * A failure's kind, for the counts: a REST call and its status ("POST /api/game/clashes/join 409"),
 * a refusal by code ("CLASH_STARTED"), a timeout by step, else the error's name.
 */
export function kindOf(err: Error): string {
  const rest = /^(\w+ \S+): (\d{3})/.exec(err.message);
  if (rest) return `${rest[1]} ${rest[2]}`;
  const refusal = /^([A-Z_]+): /.exec(err.message);
  if (refusal) return refusal[1]!;
  return err.name || "Error";
}

/** Whether a join was refused because the lobby started before the seat was taken (the queue's race). */
function cameTooLate(err: Error): boolean {
  return /^(CLASH_STARTED|FORBIDDEN): /.test(err.message);
}

/** Waits for every one of `work` (no bot is left playing on its own), then throws the first failure. */
async function settleAll(work: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

function within<T>(promise: Promise<T>, ms: number, step: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const err = new Error(`no ${step} within ${Math.round(ms)} ms`);
      err.name = `timeout:${step}`;
      reject(err);
    }, ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function takeSeat(base: string, user: BotUser, path: string, body: unknown | undefined, figures: ClashFigures) {
  const answer = await callApi<SeatAnswer>(base, user.token, "POST", path, body);
  const client = new Client(base);
  client.auth.token = user.token;
  const room = await client.consumeSeatReservation(answer.reservation);
  return new Seated(user, room, figures);
}

/**
 * One player's clash from the problem on: "types" (a few `clash_progress`), maybe submits the
 * starter code first (a wrong answer, graded like any other), then the problem's reference
 * solution, and waits for the result.
 */
async function play(seat: Seated, opts: ClashBotOptions, figures: ClashFigures, stopped: () => boolean) {
  const message = await within(Promise.race([seat.problem, seat.failed]), STEP_TIMEOUT_MS, "clash_problem");
  const isOwner = (seat.room.state as unknown as ClashView | undefined)?.ownerId === seat.user.id;
  if (isOwner) figures.playing++;
  try {
    const problem = clashProblemById(message.problemId);
    if (!problem)
      throw Object.assign(new Error(`no problem ${message.problemId} in the pool`), { name: "unknownProblem" });
    const typing = jitter(opts.typingMs);
    const steps = 3;
    for (let i = 1; i <= steps; i++) {
      await Promise.race([sleep(typing / steps), seat.failed]);
      seat.room.send(ClashMessage.progress, { chars: Math.round((problem.reference.length * i) / steps) });
    }
    if (Math.random() < opts.wrongShare) {
      await waitForRunAllowance(seat.user.id, stopped);
      const wrong = await within(seat.submit(clashStarterCode(problem), figures), STEP_TIMEOUT_MS, "clash_graded");
      if (wrong.solved) figures.error("starterSolved", `${problem.id}: the starter code passed every validator`);
    }
    await waitForRunAllowance(seat.user.id, stopped);
    const right = await within(seat.submit(problem.reference, figures), STEP_TIMEOUT_MS, "clash_graded");
    if (!right.solved)
      figures.error("referenceFailed", `${problem.id}: the reference passed ${right.passed}/${right.total} validators`);
    const waitResult = Math.max(STEP_TIMEOUT_MS, message.endsAt - Date.now() + RESULT_GRACE_MS);
    await within(Promise.race([seat.result, seat.failed]), waitResult, "clash_result");
    if (isOwner) figures.completed++;
  } finally {
    if (isOwner) figures.playing--;
  }
}

/**
 * What a seated bot waits for in the lobby. Its owner (whoever the state names now: the seat
 * passes on when an owner leaves) starts once `full` players are seated, or `enough` after
 * `waitMs`. A queued bot left alone longer than `patienceMs` queues again: lobbies of players
 * whose ratings drifted apart only match once their rating window has widened (shared/src/rules/clash.ts),
 * and a lobby nobody else queues into never does.
 */
interface Lobby {
  full: number;
  enough: number;
  waitMs: number;
  patienceMs?: number;
}

async function awaitStart(seat: Seated, lobby: Lobby): Promise<"started" | "requeue"> {
  const state = () => seat.room.state as unknown as ClashView | undefined;
  const opened = Date.now();
  let asked = false;
  for (;;) {
    // Undefined until the first state arrives, which may come after the join resolves.
    const phase = state()?.phase;
    if (phase !== undefined && phase !== "lobby") return "started";
    const seated = state()?.players?.size ?? 0;
    const waited = Date.now() - opened;
    const ready = seated >= lobby.full || (seated >= lobby.enough && waited >= lobby.waitMs);
    if (!asked && ready && state()?.ownerId === seat.user.id) {
      seat.room.send(ClashMessage.start, {});
      asked = true;
    }
    if (lobby.patienceMs !== undefined && seated < lobby.enough && waited >= lobby.patienceMs) return "requeue";
    if (waited > STEP_TIMEOUT_MS) {
      throw Object.assign(new Error(`only ${seated} of ${lobby.full} players seated`), { name: "timeout:seats" });
    }
    await Promise.race([sleep(100), seat.failed]);
  }
}

/**
 * A seat kept in the table's `seats` (so that `stop` can leave it) until it is left; one taken
 * while the table was stopping is left at once.
 */
async function seatedIn<T>(table: Table, seat: Seated, use: (seat: Seated) => Promise<T>): Promise<T> {
  const { seats } = table;
  seats.push(seat);
  try {
    if (table.stopped()) throw Object.assign(new Error("the table stopped"), { name: "stopped" });
    return await use(seat);
  } finally {
    seats.splice(seats.indexOf(seat), 1);
    await leave(seat.room);
  }
}

/**
 * One clash of a table of bots: the first opens a private lobby and the others join it by room
 * id; its owner starts once all are seated, everyone plays, and all leave once the result is in.
 */
async function invitedRound(table: Table, users: BotUser[]) {
  const { base, opts, figures } = table;
  const owner = await takeSeat(base, users[0]!, "/api/game/clashes/invite", undefined, figures);
  const others = await Promise.allSettled(
    users.slice(1).map((u) => takeSeat(base, u, "/api/game/clashes/join", { roomId: owner.room.roomId }, figures)),
  );
  const joined = [owner, ...others.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []))];
  const lobby: Lobby = { full: users.length, enough: users.length, waitMs: 0 };
  await settleAll(
    joined.map((seat) =>
      seatedIn(table, seat, async () => {
        const refused = others.find((o) => o.status === "rejected");
        if (refused) throw (refused as PromiseRejectedResult).reason;
        table.onSeated();
        await awaitStart(seat, lobby);
        await play(seat, opts, figures, table.stopped);
      }),
    ),
  );
}

/**
 * One clash for each bot of a table through the queue (POST /clashes/queue), one after the other
 * so that they tend to land in the lobby the first opened; each plays wherever it is seated (with
 * other tables' bots, perhaps) and queues again when left alone too long.
 */
async function queuedRound(table: Table, users: BotUser[]) {
  const { base, opts, figures } = table;
  const lobby: Lobby = { full: users.length, enough: 2, waitMs: QUEUE_WAIT_MS };
  let queued = Promise.resolve();
  await settleAll(
    users.map(async (user) => {
      while (!table.stopped()) {
        const turn = queued.then(() => takeSeat(base, user, "/api/game/clashes/queue", {}, figures));
        queued = turn.then(
          () => undefined,
          () => undefined,
        );
        const seat = await turn.catch((err: Error) => {
          if (!cameTooLate(err)) throw err;
          figures.lateJoins++;
          return undefined;
        });
        if (!seat) continue;
        const outcome = await seatedIn(table, seat, async (taken) => {
          table.onSeated();
          if ((await awaitStart(taken, { ...lobby, patienceMs: jitter(QUEUE_PATIENCE_MS) })) === "requeue") {
            return "requeue";
          }
          await play(taken, opts, figures, table.stopped);
          return "played";
        });
        if (outcome === "played" || table.stopped()) return;
        figures.requeued++;
      }
    }),
  );
}

/** What the rounds of one table share. */
interface Table {
  base: string;
  opts: ClashBotOptions;
  figures: ClashFigures;
  /** The table's seats now, for `stop`. */
  seats: Seated[];
  stopped: () => boolean;
  onSeated: () => void;
}

/**
 * A table of bots playing clash after clash (a new lobby when one ends, like people who stay for
 * another round; `opts.players` of the table's bots in each, in turn), until `stop`. Resolves
 * once the first round is seated; rejects if it could not be.
 */
export async function clashTable(
  base: string,
  users: BotUser[],
  opts: ClashBotOptions,
  figures: ClashFigures,
): Promise<{ clients: number; stop(): Promise<void> }> {
  let stopped = false;
  const isStopped = () => stopped;
  const seats: Seated[] = [];
  let markSeated!: () => void;
  let markRefused!: (err: Error) => void;
  const firstSeated = new Promise<void>((resolve, reject) => {
    markSeated = resolve;
    markRefused = reject;
  });
  const table: Table = { base, opts, figures, seats, stopped: isStopped, onSeated: () => markSeated() };
  let next = 0;
  let rounds = 0;
  const loop = (async () => {
    while (!stopped) {
      // A pause between rounds, at random: tables that started together drift out of step, as
      // people do, instead of submitting in bursts round after round.
      if (rounds++ > 0) await sleep(Math.random() * (opts.typingMs / 2));
      const turn = Array.from({ length: opts.players }, (_, i) => users[(next + i) % users.length]!);
      next = (next + opts.players) % users.length;
      try {
        await (opts.seating === "invite" ? invitedRound : queuedRound)(table, turn);
      } catch (err) {
        // The first round could not even be seated: the table does not start (the caller hears why).
        markRefused(err as Error);
        if (stopped) break;
        figures.abandoned++;
        figures.error(kindOf(err as Error), (err as Error).message);
        // A refused or broken round: a pause, so a failing server is not hammered.
        await sleep(1_000);
      }
    }
  })();
  await firstSeated.catch(async (err) => {
    stopped = true;
    await loop;
    throw err;
  });
  return {
    clients: opts.players,
    async stop() {
      stopped = true;
      // Leaving ends the round under way (its waits reject), so the loop stops at once.
      await Promise.all(seats.map((s) => leave(s.room)));
      await Promise.race([loop, sleep(5_000)]);
    },
  };
}
