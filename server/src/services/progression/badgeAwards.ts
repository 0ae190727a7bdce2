import { type BadgeFacts, type BadgeSummary, badgeConditionSchema, badgeEarned } from "@levelup/shared";
import { and, eq, notExists } from "drizzle-orm";
import type { Tx } from "../../db/client.ts";
import { badges, userBadges } from "../../db/schema.ts";

/**
 * Awards every badge the player has not got yet and whose condition `facts` meet, inside the
 * grant's transaction. The (user, badge) primary key makes each badge awarded once even if
 * two writers raced; only rows actually inserted are returned. Badges pay nothing.
 */
export async function awardBadgesInTx(tx: Tx, userId: string, facts: BadgeFacts, now: Date): Promise<BadgeSummary[]> {
  const candidates = await tx
    .select({
      id: badges.id,
      name: badges.name,
      description: badges.description,
      icon: badges.icon,
      condition: badges.condition,
    })
    .from(badges)
    .where(
      notExists(
        tx
          .select({ one: userBadges.badgeId })
          .from(userBadges)
          .where(and(eq(userBadges.userId, userId), eq(userBadges.badgeId, badges.id))),
      ),
    );
  const earned = candidates.filter((b) => {
    const condition = badgeConditionSchema.safeParse(b.condition);
    return condition.success && badgeEarned(condition.data, facts);
  });
  if (earned.length === 0) return [];
  const inserted = await tx
    .insert(userBadges)
    .values(earned.map((b) => ({ userId, badgeId: b.id, earnedAt: now })))
    .onConflictDoNothing()
    .returning({ badgeId: userBadges.badgeId });
  const got = new Set(inserted.map((r) => r.badgeId));
  return earned
    .filter((b) => got.has(b.id))
    .map(({ id, name, description, icon }) => ({ id, name, description, icon }));
}
