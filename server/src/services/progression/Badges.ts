import { type Badge, type CreateBadgeBody, type EarnedBadge, ErrorCode } from "@levelup/shared";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { badges, userBadges, users } from "../../db/schema.ts";
import { conflict, notFound } from "../../errors.ts";
import { uniqueViolation } from "../auth/accounts.ts";

/** The badge catalogue and who earned what (docs/api.md: /badges…). Awarding happens in Progression. */
export class Badges {
  constructor(private readonly db: Db) {}

  async list(): Promise<{ items: Badge[] }> {
    const rows = await this.db.select().from(badges).orderBy(asc(badges.createdAt), asc(badges.id));
    return { items: rows.map(toBadge) };
  }

  /** Badges a user earned, oldest first; 404 when the user does not exist. */
  async earnedBy(userId: string): Promise<{ items: EarnedBadge[] }> {
    const [user] = await this.db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
    if (!user) throw notFound("User");
    const rows = await this.db
      .select({ badge: badges, earnedAt: userBadges.earnedAt })
      .from(userBadges)
      .innerJoin(badges, eq(badges.id, userBadges.badgeId))
      .where(eq(userBadges.userId, userId))
      .orderBy(asc(userBadges.earnedAt), asc(badges.id));
    return { items: rows.map((r) => ({ ...toBadge(r.badge), earnedAt: r.earnedAt.toISOString() })) };
  }

  /** Adds a badge (its condition already validated); players earn it at their next grant. */
  async create(input: CreateBadgeBody, adminId: string): Promise<Badge> {
    try {
      const [row] = await this.db
        .insert(badges)
        .values({ ...input, createdBy: adminId })
        .returning();
      if (!row) throw new Error("insert returned no row");
      return toBadge(row);
    } catch (err) {
      if (uniqueViolation(err)) throw conflict(ErrorCode.CONFLICT, `A badge with id "${input.id}" already exists`);
      throw err;
    }
  }
}

function toBadge(b: typeof badges.$inferSelect): Badge {
  return {
    id: b.id,
    name: b.name,
    description: b.description,
    icon: b.icon,
    condition: b.condition,
  };
}
