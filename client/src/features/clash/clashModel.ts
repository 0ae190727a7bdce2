import type { ClashLocaleName, ClashMode, ClashPhase, ClashStanding } from "@levelup/shared/protocol/clash";

/** One player as the clash screens draw them (shared/src/state/ClashState.ts, ClashPlayerState). */
export interface ClashPlayerView {
  userId: string;
  username: string;
  rating: number;
  connected: boolean;
  chars: number;
  submissions: number;
  passed: number;
  total: number;
  solved: boolean;
  solvedMs: number;
  forfeited: boolean;
  place: number;
  ratingDelta: number;
}

export interface ClashSubmissionView {
  userId: string;
  atMs: number;
  passed: number;
  total: number;
}

export interface ClashView {
  phase: ClashPhase;
  mode: ClashMode | "";
  difficulty: string;
  problemId: string;
  ownerId: string;
  private: boolean;
  language: ClashLocaleName | "";
  startsAt: number;
  endsAt: number;
  /** In the order they took their seats; by place once the clash is over. */
  players: ClashPlayerView[];
  timeline: ClashSubmissionView[];
  spectators: number;
  winnerId: string;
}

type Json = Record<string, unknown>;

const PHASES: readonly ClashPhase[] = ["lobby", "countdown", "playing", "ended"];

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const str = (v: unknown) => (typeof v === "string" ? v : "");

function player(p: Json): ClashPlayerView {
  return {
    userId: str(p.userId),
    username: str(p.username),
    rating: num(p.rating),
    connected: p.connected !== false,
    chars: num(p.chars),
    submissions: num(p.submissions),
    passed: num(p.passed),
    total: num(p.total),
    solved: p.solved === true,
    solvedMs: num(p.solvedMs),
    forfeited: p.forfeited === true,
    place: num(p.place),
    ratingDelta: num(p.ratingDelta),
  };
}

/** The room state's JSON (`state.toJSON()`: the players map as an object) as the screens use it. */
export function clashView(state: Json): ClashView {
  const phase = PHASES.includes(state.phase as ClashPhase) ? (state.phase as ClashPhase) : "lobby";
  const players = Object.values((state.players ?? {}) as Record<string, Json>).map(player);
  // Places are 1-based and only known at the end; until then the seating order keeps bars still.
  if (phase === "ended") players.sort((a, b) => (a.place || 99) - (b.place || 99));
  const timeline = Array.isArray(state.timeline)
    ? (state.timeline as Json[]).map((s) => ({
        userId: str(s.userId),
        atMs: num(s.atMs),
        passed: num(s.passed),
        total: num(s.total),
      }))
    : [];
  return {
    phase,
    mode: str(state.mode) as ClashView["mode"],
    difficulty: str(state.difficulty),
    problemId: str(state.problemId),
    ownerId: str(state.ownerId),
    private: state.private === true,
    language: str(state.language) as ClashView["language"],
    startsAt: num(state.startsAt),
    endsAt: num(state.endsAt),
    players,
    timeline,
    spectators: num(state.spectators),
    winnerId: str(state.winnerId),
  };
}

/** Share of the hidden validators a player's best submission passed, 0 to 1 (0 before any). */
export function validatorShare(p: Pick<ClashPlayerView, "passed" | "total">): number {
  return p.total > 0 ? Math.min(1, p.passed / p.total) : 0;
}

/** Share of the longest code in the room a player's code has: the typing bar. */
export function charsShare(chars: number, players: readonly Pick<ClashPlayerView, "chars">[]): number {
  const longest = Math.max(0, ...players.map((p) => p.chars));
  return longest > 0 ? Math.min(1, chars / longest) : 0;
}

/** Whole seconds until `untilMs`, never negative. */
export function secondsUntil(untilMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((untilMs - nowMs) / 1000));
}

/** "m:ss" for a duration in milliseconds (a clash lasts 15 minutes at most). */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A statement's language: the UI's when the problem has it, else English. */
export function localized(texts: Partial<Record<ClashLocaleName, string>>, language: string): string {
  return texts[language as ClashLocaleName] ?? texts.en ?? "";
}

/**
 * The `clash_progress` messages of one player's typing: the character count, at most once per
 * `gapMs` and only when it changed. The room shows it to everyone (never the code), and the
 * server's message guard refuses a faster stream (server/src/rooms/messageGuard.ts).
 */
export class ProgressReporter {
  private sent = -1;
  private sentAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly gapMs = 1_000) {}

  /** The count to send now, or null (unchanged, or too soon after the last one). */
  next(chars: number, nowMs: number): number | null {
    if (chars === this.sent || nowMs - this.sentAt < this.gapMs) return null;
    this.sent = chars;
    this.sentAt = nowMs;
    return chars;
  }
}

/** Rating change of a standing, signed ("+16", "-8", "±0"). */
export function signedDelta(s: Pick<ClashStanding, "ratingBefore" | "ratingAfter">): string {
  const d = s.ratingAfter - s.ratingBefore;
  return d > 0 ? `+${d}` : d < 0 ? `−${-d}` : "±0";
}

/** An example call as the statement shows it: `sum(1, 2) → 3`. */
export function exampleCall(fn: string, args: readonly unknown[], expected: unknown): string {
  return `${fn}(${args.map((a) => JSON.stringify(a)).join(", ")}) → ${JSON.stringify(expected)}`;
}
