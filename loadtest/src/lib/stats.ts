/** Percentile of a sample (nearest rank); NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

/** Counts events and the time they took, for a script's figures file. */
export class Tally {
  readonly counts: Record<string, number> = {};
  readonly latencies: Record<string, number[]> = {};

  count(name: string, n = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + n;
  }

  time(name: string, ms: number): void {
    this.latencies[name] ??= [];
    this.latencies[name].push(ms);
  }

  summary(seconds: number): Record<string, unknown> {
    const rates = Object.fromEntries(
      Object.entries(this.counts).map(([k, v]) => [`${k}PerSecond`, round(v / seconds)]),
    );
    const latency = Object.fromEntries(
      Object.entries(this.latencies).map(([k, v]) => [
        k,
        { n: v.length, p50: round(percentile(v, 50)), p95: round(percentile(v, 95)), p99: round(percentile(v, 99)) },
      ]),
    );
    return { counts: this.counts, rates, latencyMs: latency };
  }
}
