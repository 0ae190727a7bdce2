import { type CodingLanguage, type LinesByLanguage, countedCharacters } from "@levelup/shared/rules/coding";
import {
  CODING_RULE,
  type CodingBudget,
  type CodingRefusalReason,
  spendLines,
} from "@levelup/shared/rules/codingBudget";

/** The figures of a session, as stored and as shown; every sum is clamped to an exact JavaScript integer. */
export interface SessionFigures {
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

/**
 * One update a room received and has not had settled yet. `seq` numbers every update of the
 * session (accepted or refused) from 0, so a settlement retried after its commit skips what it
 * already applied. Updates the room refused itself travel too (`refused`, `count` of them in a
 * row), only to be counted.
 */
export type PendingUpdate =
  | {
      seq: number;
      at: number;
      language: CodingLanguage;
      linesAdded: number;
      linesRemoved: number;
      characters: number;
      /** The file named by the update (told back to the client if the update is refused at settlement). */
      file?: string;
      newFile: boolean;
    }
  | { seq: number; refused: CodingRefusalReason | "invalid"; count: number };

/** An update refused at settlement: the room tells its client why. */
export interface SettlementRefusal {
  seq: number;
  update: { linesAdded: number; file?: string; language: string };
  reason: CodingRefusalReason;
  rule: string;
  message: string;
  retryAfterMs?: number;
}

/** Updates a session has settled: every accepted or refused one counts once. */
export const settledCount = (f: Pick<SessionFigures, "acceptedUpdates" | "rejectedUpdates">) =>
  f.acceptedUpdates + f.rejectedUpdates;

/** `a + b`, never past 2^53 - 1 (where bigint columns read as numbers stop being exact). */
export function clampedSum(a: number, b: number): number {
  return Math.min(Number.MAX_SAFE_INTEGER, a + Math.max(0, b));
}

/**
 * Applies pending updates, oldest first, to a session's settled figures under the player's budget
 * at `now` (the instant of the paying transaction): each one is paid whole or refused whole.
 * Updates already settled (by `seq`) are skipped. Pure: the caller locks, reads and writes.
 */
export function settleUpdates(
  figures: SessionFigures,
  budget: CodingBudget,
  updates: readonly PendingUpdate[],
  now: number,
): { figures: SessionFigures; budget: CodingBudget; refusals: SettlementRefusal[] } {
  const f: SessionFigures = { ...figures, linesByLanguage: { ...figures.linesByLanguage } };
  const refusals: SettlementRefusal[] = [];
  for (const u of updates) {
    if (u.seq < settledCount(f)) continue;
    if ("refused" in u) {
      f.rejectedUpdates = clampedSum(f.rejectedUpdates, u.count);
      continue;
    }
    const verdict = spendLines(budget, u.linesAdded, now);
    if (!verdict.accepted) {
      f.rejectedUpdates = clampedSum(f.rejectedUpdates, 1);
      const { accepted: _, ...why } = verdict;
      const update = { linesAdded: u.linesAdded, language: u.language, ...(u.file ? { file: u.file } : {}) };
      refusals.push({ seq: u.seq, update, rule: CODING_RULE[why.reason], ...why });
      continue;
    }
    budget = verdict.budget;
    add(f, u);
  }
  return { figures: f, budget, refusals };
}

/** The figures once every pending update is settled as the room pre-checked it (what its owner sees meanwhile). */
export function withPending(figures: SessionFigures, updates: readonly PendingUpdate[]): SessionFigures {
  const f: SessionFigures = { ...figures, linesByLanguage: { ...figures.linesByLanguage } };
  for (const u of updates) {
    if (u.seq < settledCount(f)) continue;
    if ("refused" in u) f.rejectedUpdates = clampedSum(f.rejectedUpdates, u.count);
    else add(f, u);
  }
  return f;
}

function add(f: SessionFigures, u: Exclude<PendingUpdate, { refused: unknown }>): void {
  f.language = u.language;
  f.linesByLanguage[u.language] = clampedSum(f.linesByLanguage[u.language] ?? 0, u.linesAdded);
  f.linesWritten = clampedSum(f.linesWritten, u.linesAdded);
  f.linesRemoved = clampedSum(f.linesRemoved, u.linesRemoved);
  f.charactersTyped = clampedSum(f.charactersTyped, countedCharacters(u.characters, u.linesAdded));
  if (u.newFile) f.filesModified = clampedSum(f.filesModified, 1);
  f.acceptedUpdates = clampedSum(f.acceptedUpdates, 1);
  f.lastActivityAt = Math.max(f.lastActivityAt, u.at);
}
