/** Level for a total XP (seed): floor(sqrt(xp / 100)) + 1. */
export function levelForXp(totalXp: number): number {
  if (!Number.isFinite(totalXp) || totalXp <= 0) return 1;
  return Math.floor(Math.sqrt(totalXp / 100)) + 1;
}

/** Total XP needed to reach `level` (seed): (level − 1)² × 100. */
export function xpForLevel(level: number): number {
  const l = Math.max(1, Math.floor(level));
  return (l - 1) ** 2 * 100;
}

/** XP still missing before the next level. */
export function xpToNextLevel(totalXp: number): number {
  return xpForLevel(levelForXp(totalXp) + 1) - Math.max(0, totalXp);
}
