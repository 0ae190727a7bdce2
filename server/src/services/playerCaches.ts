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
type PlayerCache = Pick<PushedCache<unknown>, "start" | "stop" | "changed">;

/**
 * The reads cached by player (profile, inventory, quest list, earned badges), each on its own channel, dropped
 * together: most writes change more than one of them (a purchase: the balance, the items and an
 * items-bought quest), and dropping a read that did not change costs one database read where a
 * missed drop would serve a stale answer.
 */
export class PlayerCaches implements PlayerChanges {
  private readonly caches: readonly PlayerCache[];

  constructor(...caches: PlayerCache[]) {
    this.caches = caches;
  }

  async start(): Promise<void> {
    await Promise.all(this.caches.map((c) => c.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.caches.map((c) => c.stop()));
  }

  async changed(userId: string): Promise<void> {
    await Promise.all(this.caches.map((c) => c.changed(userId)));
  }
}
