import type { LeaderboardPage } from "@levelup/shared";

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

/**
 * The first `limit` players of a cached top page: the page itself when that is all of it (the usual
 * read, limit 100), so that every reader of one version gets the same object — HTTP serialises it once
 * (http/route.ts, sharedBodies). Readers never change it.
 */
export function firstOf(page: LeaderboardPage, limit: number): LeaderboardPage {
  return limit >= page.items.length ? page : { items: page.items.slice(0, limit), total: page.total };
}

/** How many players of a board's top are cached: top reads from rank 1 with a limit up to this use it. */
export const CACHED_TOP = 100;
