/**
 * A tiny seeded generator (mulberry32) whose whole state is one unsigned 32-bit integer, so it
 * can live inside a battle's plain-data state, be stored as JSON and resume exactly where it was.
 */
export interface RngState {
  /** Unsigned 32-bit integer. */
  s: number;
}

/** The generator state for a seed (any integer; only its low 32 bits matter). */
export function seedRng(seed: number): RngState {
  return { s: seed >>> 0 };
}

/** One step: the next float in [0, 1) and the state after it. The input is not modified. */
export function nextFloat(rng: RngState): [number, RngState] {
  const s = (rng.s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, { s }];
}

/**
 * A mutable cursor over an RngState for code that draws several numbers in a row;
 * read `state` back when done. Rules copy the state in and out, so they stay pure.
 */
export class Rng {
  constructor(private current: RngState) {}

  get state(): RngState {
    return { s: this.current.s };
  }

  /** A float in [0, 1). */
  next(): number {
    const [value, after] = nextFloat(this.current);
    this.current = after;
    return value;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p (0–1). */
  chance(p: number): boolean {
    return this.next() < p;
  }
}
