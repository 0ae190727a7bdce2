import type { Redis } from "ioredis";
import type { Logger } from "../logger.ts";

/** What a cache does when the feed speaks: drop one key, or everything (pushes may have been missed). */
export interface ChangeListener {
  changed(key: string): void;
  reset(): void;
}

/**
 * One Redis channel on which the processes of a game tell each other which keys changed, with one
 * subscription per process however many caches listen to it: the caches dropped together (a
 * player's profile, inventory, quests and badges) share a feed, so a write is one PUBLISH and one
 * message to each process, not one per cache. Without Redis there is one process: nothing to tell.
 * start() and stop() may be called by each cache of the feed; the first starts it, the first stops it.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private subscriber: Redis | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: { channel: string; redis: Redis | undefined; logger: Logger }) {}

  listen(listener: ChangeListener): void {
    this.listeners.add(listener);
  }

  start(): Promise<void> {
    this.starting ??= this.subscribe();
    return this.starting;
  }

  private async subscribe(): Promise<void> {
    const { redis, channel, logger } = this.options;
    if (!redis) return;
    this.subscriber = redis.duplicate();
    this.subscriber.on("error", (err) => logger.warn({ err, channel }, "change feed subscription error"));
    this.subscriber.on("message", (_channel, key: string) => {
      for (const l of this.listeners) l.changed(key);
    });
    // A (re)connected subscription may have missed pushes: every cache starts over.
    this.subscriber.on("ready", () => {
      for (const l of this.listeners) l.reset();
    });
    await this.subscriber.subscribe(channel);
  }

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    this.starting = undefined;
    await subscriber?.quit().catch(() => {});
    for (const l of this.listeners) l.reset();
  }

  /** Whether every other process's changes reach this one (always, without Redis). */
  get live(): boolean {
    return !this.options.redis || this.subscriber?.status === "ready";
  }

  /** Tells every other process that `key` changed (after the commit; this process drops it itself). */
  async publish(key: string): Promise<void> {
    const { redis, channel, logger } = this.options;
    if (!redis) return;
    // The change is committed: a process that misses this push (its subscription is down) reads
    // the database until its subscription is back, and starts that from an empty cache.
    await redis.publish(channel, key).catch((err) => logger.warn({ err, channel }, "change feed push failed"));
  }
}
