/** The part of `next` that differs from `prev` (changed leaves with their paths), as a JSON-able object; undefined when equal. */
export function jsonDiff(prev: unknown, next: unknown): unknown {
  if (prev === next) return undefined;
  if (typeof prev !== "object" || typeof next !== "object" || prev === null || next === null) return next ?? null;
  if (Array.isArray(prev) !== Array.isArray(next)) return next;
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]);
  for (const k of keys) {
    const d = jsonDiff((prev as Record<string, unknown>)[k], (next as Record<string, unknown>)[k]);
    if (d !== undefined) out[k] = d;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
