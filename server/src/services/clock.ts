/**
 * The time source of every rule that depends on the date (quests, streaks, idle time-outs).
 * Tests move it with `advance` instead of waiting.
 */
export class Clock {
  private offsetMs = 0;

  /** Milliseconds since the epoch. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Moves this clock forward (tests only). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
