import { type CodingLanguage, languageForFile, normalizeLanguage } from "@levelup/shared/rules/coding";
import { CODING_RULE, type CodingBudget, spendLines } from "@levelup/shared/rules/codingBudget";
import type { CodingRejectedMessage, CodingUpdateMessage } from "@levelup/shared/protocol/coding";
import {
  type PendingUpdate,
  type SessionFigures,
  settledCount,
  withPending,
} from "../../services/coding/settlement.ts";

/** Distinct files remembered per session; past it, files are still counted but no longer de-duplicated. */
const MAX_TRACKED_FILES = 5000;
/** Updates kept for settlement at most; past it (the database is unreachable) updates are refused. */
const MAX_PENDING = 2000;

export type TallyVerdict =
  | { accepted: true }
  | ({ accepted: false; rule: string } & Omit<CodingRejectedMessage, "update">);

/**
 * The running figures of one coding session inside its room. Updates are pre-checked at once
 * against the room's copy of the player's budget (as read at the last settlement, plus what the
 * room accepted since), so an honest client hears of a refusal immediately; they then wait here
 * until the next settlement, where the shared budget has the last word. No I/O.
 */
export class LiveTally {
  private settled: SessionFigures;
  private budget: CodingBudget;
  private pending: PendingUpdate[] = [];
  private nextSeq: number;
  private readonly files = new Set<string>();

  constructor(start: SessionFigures, budget: CodingBudget) {
    this.settled = start;
    this.budget = budget;
    this.nextSeq = settledCount(start);
  }

  /** Pre-checks one validated update received at `now` (ms) and queues it for settlement. */
  apply(update: CodingUpdateMessage, now: number): TallyVerdict {
    const seq = this.nextSeq++;
    const verdict =
      this.pending.length >= MAX_PENDING
        ? ({ accepted: false, reason: "rate_limited", message: "Too many updates waiting to be saved" } as const)
        : spendLines(this.budget, update.linesAdded, now);
    if (!verdict.accepted) {
      const last = this.pending.at(-1);
      if (last && "refused" in last && last.refused === verdict.reason) last.count++;
      else this.pending.push({ seq, refused: verdict.reason, count: 1 });
      const { accepted: _, ...why } = verdict;
      return { accepted: false, rule: CODING_RULE[why.reason], ...why };
    }
    this.budget = verdict.budget;
    const newFile = update.file !== undefined && !this.files.has(update.file);
    if (newFile && this.files.size < MAX_TRACKED_FILES) this.files.add(update.file as string);
    this.pending.push({
      seq,
      at: now,
      language: this.languageOf(update),
      linesAdded: update.linesAdded,
      linesRemoved: update.linesRemoved ?? 0,
      characters: update.characters ?? 0,
      ...(update.file ? { file: update.file } : {}),
      newFile,
    });
    return { accepted: true };
  }

  /** How many updates wait for settlement. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** The updates waiting for settlement, oldest first (a copy: updates keep arriving meanwhile). */
  batch(): PendingUpdate[] {
    return [...this.pending];
  }

  /**
   * Takes a settlement's outcome: the settled figures and the shared budget replace the room's;
   * updates it covered leave the queue, and those that arrived meanwhile are spent again on top.
   */
  settle(figures: SessionFigures, budget: CodingBudget): void {
    this.settled = figures;
    const through = settledCount(figures);
    this.pending = this.pending.filter((u) => u.seq >= through);
    this.budget = budget;
    for (const u of this.pending) {
      if ("refused" in u) continue;
      const v = spendLines(this.budget, u.linesAdded, u.at);
      if (v.accepted) this.budget = v.budget;
    }
  }

  /** The figures as the owner sees them: settled, plus the queued updates as if they will be paid. */
  view(): SessionFigures {
    return withPending(this.settled, this.pending);
  }

  /** When the last update was accepted (ms). */
  get lastActivityAt(): number {
    const last = this.pending.findLast((u) => !("refused" in u));
    return last && !("refused" in last) ? Math.max(last.at, this.settled.lastActivityAt) : this.settled.lastActivityAt;
  }

  /** The language an update counts in: as named, else from its file's extension, else the session's. */
  private languageOf(update: CodingUpdateMessage): CodingLanguage {
    if (update.language) return normalizeLanguage(update.language);
    const fromFile = update.file ? languageForFile(update.file) : undefined;
    const last = this.pending.findLast((u) => !("refused" in u));
    const current = last && !("refused" in last) ? last.language : this.settled.language;
    return fromFile ?? normalizeLanguage(current);
  }
}
