/** Critical hit modifier (seed). */
export const CRIT_MODIFIER = 1.5;
/** Defending halves damage taken until the defender's next turn (seed). */
export const DEFEND_FACTOR = 0.5;

/** baseDamage = max(1, round(power × attack / defense)) (seed). */
export function baseDamage(power: number, attack: number, defense: number): number {
  return Math.max(1, Math.round((power * attack) / Math.max(1, defense)));
}

export interface DamageInput {
  power: number;
  attack: number;
  defense: number;
  /** From typeMultiplier(): 2, 1 or 0.5. */
  typeMultiplier: number;
  crit: boolean;
  defending: boolean;
}

/**
 * HP lost by one hit: baseDamage × typeMultiplier × criticalModifier (seed), halved while the
 * target defends, rounded to a whole HP and never below 1.
 */
export function damageOf(i: DamageInput): number {
  const raw =
    baseDamage(i.power, i.attack, i.defense) *
    i.typeMultiplier *
    (i.crit ? CRIT_MODIFIER : 1) *
    (i.defending ? DEFEND_FACTOR : 1);
  return Math.max(1, Math.round(raw));
}
