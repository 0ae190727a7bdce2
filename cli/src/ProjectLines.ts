import { type LineChange, countLineChanges } from "./lineDiff.ts";

/**
 * The last content seen of every tracked file, so each change is diffed against what was there
 * before. Files present when tracking starts are remembered without credit: only new work counts.
 */
export class ProjectLines {
  private readonly known = new Map<string, string>();

  /** Records a file's content as the starting point (no lines counted). */
  remember(file: string, content: string): void {
    this.known.set(file, content);
  }

  /** A file was created or saved: the lines added and removed since it was last seen. */
  change(file: string, content: string): LineChange {
    const before = this.known.get(file) ?? "";
    this.known.set(file, content);
    return countLineChanges(before, content);
  }

  /** A file was deleted: all its lines count as removed. */
  remove(file: string): LineChange {
    const before = this.known.get(file);
    this.known.delete(file);
    return before === undefined ? { added: 0, removed: 0, characters: 0 } : countLineChanges(before, "");
  }

  has(file: string): boolean {
    return this.known.has(file);
  }
}
