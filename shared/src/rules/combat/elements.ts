/** The elements of the seed's chart: Fire > Grass > Water > Fire; neutral is 1.0 both ways. */
export const ELEMENTS = ["fire", "grass", "water", "neutral"] as const;
export type Element = (typeof ELEMENTS)[number];

const BEATS: Partial<Record<Element, Element>> = { fire: "grass", grass: "water", water: "fire" };

/** Damage multiplier of an attack of `attacker` element on a `defender` (seed): 2.0 strong, 0.5 weak, else 1.0. */
export function typeMultiplier(attacker: Element, defender: Element): number {
  if (BEATS[attacker] === defender) return 2;
  if (BEATS[defender] === attacker) return 0.5;
  return 1;
}
