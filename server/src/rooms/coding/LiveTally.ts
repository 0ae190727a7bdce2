import {
  type CodingLanguage,
  type LinesByLanguage,
  type RecentLines,
  checkCodingCaps,
  languageForFile,
  normalizeLanguage,
  xpForLanguages,
} from "@levelup/shared/rules/coding";
import type { CodingRejectedMessage, CodingUpdateMessage } from "@levelup/shared/protocol/coding";
import type { SessionSnapshot } from "../../services/coding/CodingSessions.ts";

/** Distinct files remembered per session; past it, files are still counted but no longer de-duplicated. */
const MAX_TRACKED_FILES = 5000;

export type TallyVerdict = { accepted: true } | ({ accepted: false } & CodingRejectedMessage);

/**
 * The running figures of one coding session inside its room: applies accepted updates under the
 * plausibility caps and counts refused ones. No I/O: the room flushes `snapshot()` in batches.
 */
export class LiveTally {
  private figures: SessionSnapshot;
  private recent: RecentLines = [];
  private readonly files = new Set<string>();
  /** Bumped by every change, so the room knows whether a flush has anything new. */
  version = 0;

  constructor(start: SessionSnapshot) {
    this.figures = { ...start, linesByLanguage: { ...start.linesByLanguage } };
  }

  /** Applies one validated update at `now` (ms): all of it when it passes the caps, nothing otherwise. */
  apply(update: CodingUpdateMessage, now: number): TallyVerdict {
    const verdict = checkCodingCaps(this.recent, update.linesAdded, now);
    this.version++;
    if (!verdict.accepted) {
      this.figures.rejectedUpdates++;
      const { accepted: _, ...why } = verdict;
      return { accepted: false, ...why };
    }
    this.recent = verdict.recent;
    const f = this.figures;
    const language = this.languageOf(update);
    f.language = language;
    f.linesByLanguage[language] = (f.linesByLanguage[language] ?? 0) + update.linesAdded;
    f.linesWritten += update.linesAdded;
    f.linesRemoved += update.linesRemoved ?? 0;
    f.charactersTyped += update.characters ?? 0;
    if (update.file && !this.files.has(update.file)) {
      if (this.files.size < MAX_TRACKED_FILES) this.files.add(update.file);
      f.filesModified++;
    }
    f.acceptedUpdates++;
    f.lastActivityAt = now;
    return { accepted: true };
  }

  /** The language an update counts in: as named, else from its file's extension, else the session's. */
  private languageOf(update: CodingUpdateMessage): CodingLanguage {
    if (update.language) return normalizeLanguage(update.language);
    const fromFile = update.file ? languageForFile(update.file) : undefined;
    return fromFile ?? normalizeLanguage(this.figures.language);
  }

  /** XP earned so far by the lines accepted (paid or not yet). */
  get xp(): number {
    return xpForLanguages(this.figures.linesByLanguage);
  }

  get lastActivityAt(): number {
    return this.figures.lastActivityAt;
  }

  /** A copy of the figures, safe to hand to an asynchronous flush while updates keep arriving. */
  snapshot(): SessionSnapshot {
    return { ...this.figures, linesByLanguage: { ...this.figures.linesByLanguage } as LinesByLanguage };
  }
}
