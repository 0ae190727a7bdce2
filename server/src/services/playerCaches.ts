import type { ChangeFeed } from "./changeFeed.ts";
import type { PushedCache } from "./pushedCache.ts";

/**
 * Told after every committed write to a player's own state (balances, XP, statistics, streak and
 * quests by Progression's grants, items and gear by Economy, the time zone by PlayerProfiles), so
 * the reads cached by player show it on the next request, on every process.
 */
export interface PlayerChanges {
  changed(userId: string): Promise<void>;
}

/** What PlayerCaches needs of each cache, whatever it holds. */
type PlayerCache = Pick<PushedCache<unknown>, "forget">;

/**
 * The reads cached by player (profile, inventory, quest list, earned badges), dropped together on
 * one feed: most writes change more than one of them (a purchase: the balance, the items and an
 * items-bought quest), and dropping a read that did not change costs one database read where a
 * missed drop would serve a stale answer. One feed: a write is one PUBLISH, and each process hears
 * it once for all the caches.
 */
export class PlayerCaches implements PlayerChanges {
  private readonly caches: readonly PlayerCache[];

  /** `caches` are built on `feed` (its messages drop their keys). */
  constructor(
    private readonly feed: ChangeFeed,
    ...caches: PlayerCache[]
  ) {
    this.caches = caches;
  }

  start(): Promise<void> {
    return this.feed.start();
  }

  stop(): Promise<void> {
    return this.feed.stop();
  }

  async changed(userId: string): Promise<void> {
    for (const c of this.caches) c.forget(userId);
    await this.feed.publish(userId);
  }
}
