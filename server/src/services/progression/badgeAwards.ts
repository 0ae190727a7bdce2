import { type BadgeFacts, type BadgeSummary, badgeConditionSchema, badgeEarned } from "@levelup/shared";
import { type SQL, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { userBadges } from "../../db/schema.ts";

/** A badge the player has not earned yet, with its condition, as the grant's read returns it. */
export interface CandidateBadge extends BadgeSummary {
  condition: unknown;
}

/**
 * The badges `userId` has not earned yet, as one JSON array: a column of the grant's read, which
 * runs after the profile lock (Progression.grantInTx), so no other grant of the player can award
 * one between this read and the grant's write.
 */
export function unearnedBadges(userId: string): SQL {
  return sql`(
    select coalesce(json_agg(b order by b.created_at, b.id), '[]'::json)
    from (
      select id, name, description, icon, condition, created_at from badges
      where not exists (select 1 from user_badges ub where ub.user_id = ${userId} and ub.badge_id = badges.id)
    ) b)`;
}

/** Of the candidates, those whose condition `facts` meet (a condition that does not parse awards nothing). */
export function badgesEarned(candidates: readonly CandidateBadge[], facts: BadgeFacts): BadgeSummary[] {
  return candidates
    .filter((b) => {
      const condition = badgeConditionSchema.safeParse(b.condition);
      return condition.success && badgeEarned(condition.data, facts);
    })
    .map(({ id, name, description, icon }) => ({ id, name, description, icon }));
}

/**
 * The insert of the earned badges, one of the grant's writes. The (user, badge) primary key makes
 * each badge awarded once even if some other writer raced the lock; badges pay nothing.
 */
export function insertBadges(tx: Tx, userId: string, earned: readonly BadgeSummary[], now: Date) {
  return tx
    .insert(userBadges)
    .values(earned.map((b) => ({ userId, badgeId: b.id, earnedAt: now })))
    .onConflictDoNothing();
}
