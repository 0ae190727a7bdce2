import type { ChangeFeed } from "./changeFeed.ts";
import type { Clock } from "./clock.ts";

export interface PushedCacheOptions<T> {
  /** Where the processes of one game tell each other which keys changed (shared by caches dropped together). */
  feed: ChangeFeed;
  clock: Clock;
  /** How long a value is believed: bounds how long a change made outside the game's processes (SQL by hand) goes unseen. */
  ttlMs: number;
  /** Past this many keys the cache starts over (a bound on memory, not an eviction policy). */
  maxEntries: number;
  /**
   * When a value stops being true with no write at all (a quest list: when its first quest
   * expires); it is not served from then on. Without it, only writes and `ttlMs` end a value.
   */
  endsAt?: (value: T) => number;
}

/** How often values past their time are dropped (ms). */
const SWEEP_MS = 60_000;

/** A load in progress: readers arriving meanwhile share it; a change meanwhile keeps it out of the cache. */
interface Flight<T> {
  promise: Promise<T>;
  stale: boolean;
}

/**
 * Values read from the database by key (a player's profile, inventory or quest list), kept in
 * process and dropped on every process when they change: whoever changes one calls `changed(key)`
 * once its transaction has committed; with Redis the key is published and every other process
 * drops its copy within milliseconds. Never a stale answer beyond that push:
 * - a change that lands while a read is loading keeps that read's value out of the cache (the
 *   read itself may answer with it: it started before the change);
 * - while the subscription is not up (starting, reconnecting) nothing is served from the cache,
 *   and a reconnected subscription, which may have missed pushes, starts from an empty cache.
 * Without Redis there is one process, which makes every change itself.
 */
export class PushedCache<T> {
  private readonly values = new Map<string, { value: T; until: number }>();
  private readonly loading = new Map<string, Flight<T>>();
  private sweptAt = 0;

  constructor(private readonly options: PushedCacheOptions<T>) {
    options.feed.listen({ changed: (key) => this.forget(key), reset: () => this.values.clear() });
  }

  /** Starts (and stops) the cache's feed: until it is up nothing is served from the cache. */
  start(): Promise<void> {
    return this.options.feed.start();
  }

  stop(): Promise<void> {
    return this.options.feed.stop();
  }

  /** How many values are held (expired ones included until the next sweep). */
  get size(): number {
    return this.values.size;
  }

  /** The cached value of `key`, or `load()`'s (shared with every reader of the key meanwhile). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.options.clock.now();
    const cached = this.values.get(key);
    if (cached && cached.until > now && this.pushesArrive()) return Promise.resolve(cached.value);
    const running = this.loading.get(key);
    if (running) return running.promise;
    const flight: Flight<T> = { stale: false, promise: undefined as unknown as Promise<T> };
    const done = () => {
      if (this.loading.get(key) === flight) this.loading.delete(key);
    };
    flight.promise = load().then(
      (value) => {
        done();
        if (!flight.stale && this.pushesArrive()) this.remember(key, value, now);
        return value;
      },
      (err: unknown) => {
        done();
        throw err;
      },
    );
    this.loading.set(key, flight);
    return flight.promise;
  }

  /** `key` changed (call after the commit): dropped here at once, and on every other process. */
  async changed(key: string): Promise<void> {
    this.forget(key);
    await this.options.feed.publish(key);
  }

  /** Drops `key` here only: the feed's message, or a caller that publishes once for several caches. */
  forget(key: string): void {
    this.values.delete(key);
    const flight = this.loading.get(key);
    if (flight) {
      flight.stale = true;
      this.loading.delete(key);
    }
  }

  private remember(key: string, value: T, loadedAt: number): void {
    const { ttlMs, endsAt, maxEntries } = this.options;
    const until = Math.min(loadedAt + ttlMs, endsAt ? endsAt(value) : Number.POSITIVE_INFINITY);
    // Over already (an empty quest list has no expiry to wait for): not kept.
    if (until <= loadedAt) return;
    // Values past their time go (looked for at most once a SWEEP_MS), so the cache holds what was
    // read lately, not everyone who ever read: a quest list is ~14 KB, 50,000 of them ~700 MB.
    if (loadedAt - this.sweptAt >= SWEEP_MS) {
      this.sweptAt = loadedAt;
      for (const [k, entry] of this.values) if (entry.until <= loadedAt) this.values.delete(k);
    }
    if (this.values.size >= maxEntries) this.values.clear();
    this.values.set(key, { value, until });
  }

  private pushesArrive(): boolean {
    return this.options.feed.live;
  }
}
