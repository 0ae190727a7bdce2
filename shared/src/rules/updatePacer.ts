import type { CodingUpdateMessage } from "../protocol/coding.ts";
import { CODING_CAPS, type CodingLanguage, normalizeLanguage } from "./coding.ts";

export interface PendingChange {
  file: string;
  language: CodingLanguage;
  added: number;
  removed: number;
  characters: number;
}

/**
 * The pacing rule every coding client follows (the web page and the tracker CLI): it turns counted
 * changes into `coding_update` messages the server accepts: at most 200 lines per
 * message and at most 600 lines in any minute. What does not fit yet waits (nothing is dropped),
 * so pasting 1,000 lines is paid over two minutes instead of being refused. The server's budget
 * is the player's, shared with their other sessions and trackers: lines it refuses for that
 * budget come back here (`requeue`) and wait until it says they fit.
 */
export class UpdatePacer {
  private readonly pending = new Map<string, PendingChange>();
  private sent: { at: number; lines: number }[] = [];
  /** Nothing is sent before this instant (ms): the server said when its budget has room again. */
  private notBefore = 0;

  constructor(
    private readonly caps = {
      maxLinesPerEvent: CODING_CAPS.maxLinesPerEvent,
      maxLinesPerWindow: CODING_CAPS.maxLinesPerWindow,
      // A second more than the server's window, so network delays never push us over it.
      windowMs: CODING_CAPS.windowMs + 1000,
    },
  ) {}

  /** Queues a change of one file. */
  add(change: PendingChange): void {
    const p = this.pending.get(change.file);
    if (!p) {
      if (change.added > 0 || change.removed > 0) this.pending.set(change.file, { ...change });
      return;
    }
    p.added += change.added;
    p.removed += change.removed;
    p.characters += change.characters;
    p.language = change.language;
  }

  /**
   * Queues lines the server refused for the player's budget (rate_limited, daily_limit) again,
   * and holds every send until `retryAfterMs` from `now` has passed.
   */
  requeue(update: { linesAdded: number; file?: string; language?: string }, retryAfterMs: number, now: number): void {
    if (update.linesAdded <= 0) return;
    const language = normalizeLanguage(update.language);
    this.add({ file: update.file ?? "", language, added: update.linesAdded, removed: 0, characters: 0 });
    this.notBefore = Math.max(this.notBefore, now + Math.max(0, retryAfterMs));
  }

  /** Lines waiting to be sent. */
  get pendingLines(): number {
    let n = 0;
    for (const p of this.pending.values()) n += p.added;
    return n;
  }

  /** The messages that may be sent at `now` (ms), in order; they count as sent. */
  take(now: number): CodingUpdateMessage[] {
    if (now < this.notBefore) return [];
    this.sent = this.sent.filter((s) => s.at > now - this.caps.windowMs);
    let budget = this.caps.maxLinesPerWindow - this.sent.reduce((sum, s) => sum + s.lines, 0);
    const out: CodingUpdateMessage[] = [];
    for (const [file, p] of this.pending) {
      if (p.added === 0) {
        out.push({ linesAdded: 0, linesRemoved: p.removed, file, language: p.language });
        this.pending.delete(file);
        continue;
      }
      while (p.added > 0 && budget > 0) {
        const lines = Math.min(p.added, this.caps.maxLinesPerEvent, budget);
        const characters = lines === p.added ? p.characters : Math.round((p.characters * lines) / p.added);
        const named = file ? { file } : {};
        out.push({ linesAdded: lines, linesRemoved: p.removed, characters, ...named, language: p.language });
        this.sent.push({ at: now, lines });
        p.added -= lines;
        p.characters -= characters;
        p.removed = 0;
        budget -= lines;
      }
      if (p.added === 0) this.pending.delete(file);
      if (budget <= 0) break;
    }
    return out;
  }
}
