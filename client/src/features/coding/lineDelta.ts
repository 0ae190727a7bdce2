/** Lines added and removed between two line counts of the editor (whole lines only). */
export function lineDelta(previous: number, current: number): { linesAdded: number; linesRemoved: number } {
  return current >= previous
    ? { linesAdded: current - previous, linesRemoved: 0 }
    : { linesAdded: 0, linesRemoved: previous - current };
}

/** Non-empty lines of a text: the figure the session reports as written. */
export function countLines(text: string): number {
  return text.split("\n").filter((l) => l.trim().length > 0).length;
}
