import type { Element } from "../stats.ts";

const BEATS: Partial<Record<Element, Element>> = { fire: "grass", grass: "water", water: "fire" };

/** Damage multiplier of an attack of `attacker` element on a `defender` (seed): 2.0 strong, 0.5 weak, else 1.0. */
export function typeMultiplier(attacker: Element, defender: Element): number {
  if (BEATS[attacker] === defender) return 2;
  if (BEATS[defender] === attacker) return 0.5;
  return 1;
}
