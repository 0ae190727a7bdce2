/**
 * The sorted-set score of a board entry. Redis orders members by score and then by member
 * bytes, ascending; we want XP descending, then the earlier `experience_at`, then the smaller
 * user id — exactly the SQL order. So the score is −XP × 2³¹ + (seconds since 2025-01-01),
 * read with ZRANGE/ZRANK (ascending), and equal scores fall back to the user id as SQL does.
 * A double holds this exactly while XP < 2²² (4,194,304 XP, level 205) and for times up to 2093.
 */
export const SCORE_EPOCH_SECONDS = Date.UTC(2025, 0, 1) / 1000;
const TIME_SPAN = 2 ** 31;

export function encodeScore(experience: number, experienceAt: Date): number {
  const seconds = Math.floor(experienceAt.getTime() / 1000) - SCORE_EPOCH_SECONDS;
  const t = Math.min(TIME_SPAN - 1, Math.max(0, seconds));
  return -experience * TIME_SPAN + t;
}

/** The XP a score was made from. */
export function decodeExperience(score: number): number {
  return Math.max(0, Math.ceil(-score / TIME_SPAN));
}
