import { diffLines } from "diff";

export interface LineChange {
  /** Non-blank lines added. */
  added: number;
  /** Non-blank lines removed. */
  removed: number;
  /** Characters of the added lines (newlines excluded). */
  characters: number;
}

/**
 * Past these sizes the Myers diff (O(lines × edits)) would stall the tracker, so lines are compared
 * as multisets instead: exact for appends, deletions and rewrites, off only for moved lines.
 */
const MAX_DIFFED_LINES = 4000;
const MAX_EDIT_LENGTH = 1000;

const isCode = (line: string) => line.trim().length > 0;

/** Lines of a text, so "a\nb" and "a\nb\n" are the same two lines and CRLF equals LF. */
function linesOf(text: string): string[] {
  if (text.length === 0) return [];
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

/**
 * Lines added and removed between two versions of a file (a line diff, not a size comparison):
 * an edited line counts as one removed and one added. Blank lines earn nothing, so they are not
 * counted either way.
 */
export function countLineChanges(before: string, after: string): LineChange {
  let a = linesOf(before);
  let b = linesOf(after);
  // The unchanged head and tail of a file need no diffing (most saves touch a few lines).
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  a = a.slice(head, a.length - tail);
  b = b.slice(head, b.length - tail);
  if (a.length === 0 || b.length === 0 || a.length + b.length > MAX_DIFFED_LINES) return multisetChanges(a, b);
  const change: LineChange = { added: 0, removed: 0, characters: 0 };
  const parts = diffLines(`${a.join("\n")}\n`, `${b.join("\n")}\n`, { maxEditLength: MAX_EDIT_LENGTH });
  if (!parts) return multisetChanges(a, b);
  for (const part of parts) {
    if (!part.added && !part.removed) continue;
    for (const line of linesOf(part.value)) {
      if (!isCode(line)) continue;
      if (part.added) {
        change.added++;
        change.characters += line.length;
      } else {
        change.removed++;
      }
    }
  }
  return change;
}

/** Lines present more often after than before count as added, and vice versa (exact when one side is empty). */
function multisetChanges(a: string[], b: string[]): LineChange {
  const counts = new Map<string, number>();
  for (const line of a) if (isCode(line)) counts.set(line, (counts.get(line) ?? 0) + 1);
  const change: LineChange = { added: 0, removed: 0, characters: 0 };
  for (const line of b) {
    if (!isCode(line)) continue;
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else {
      change.added++;
      change.characters += line.length;
    }
  }
  for (const n of counts.values()) change.removed += n;
  return change;
}
