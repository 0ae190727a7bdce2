/**
 * The top of a board, the same for every player, computed once per board version: every grant
 * that can change a board's top bumps its version (RedisLeaderboard: a counter in Redis next to
 * the board, so every process sees it; SqlLeaderboard: a counter in the process, the only one
 * without Redis). A reader reads the version first and computes only on a new one, so a page is
 * never older than the version it is kept under. Concurrent readers of one version share one
 * computation.
 */
export class TopPageCache<T> {
  private readonly entries = new Map<string, { version: string; value: Promise<T> }>();

  get(board: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(board);
    if (hit && hit.version === version) return hit.value;
    const value = compute();
    this.entries.set(board, { version, value });
    // A failed read is not kept: the next reader tries again.
    value.catch(() => {
      if (this.entries.get(board)?.value === value) this.entries.delete(board);
    });
    return value;
  }
}

/** How many players of a board's top are cached: top reads from rank 1 with a limit up to this use it. */
export const CACHED_TOP = 100;
