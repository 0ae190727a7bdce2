import { type CompleteQuestResponse, ErrorCode, type Quest, requirementKey } from "@levelup/shared";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { profiles, questTemplates, quests } from "../../db/schema.ts";
import { AppError, conflict, notFound, unprocessable } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import type { Progression } from "./Progression.ts";
import { ensureCurrentQuests } from "./questInstances.ts";

export interface QuestsDeps {
  db: Db;
  clock: Clock;
  progression: Progression;
}

/** The quest list and claims (docs/api.md: /quests, /quests/complete). Progress itself moves in Progression. */
export class Quests {
  constructor(private readonly deps: QuestsDeps) {}

  /** The player's quests of the current day and week, created if this is their first look. */
  async list(userId: string): Promise<{ items: Quest[] }> {
    const { db, clock } = this.deps;
    const now = clock.date();
    await ensureCurrentQuests(db, userId, now.getTime());
    const rows = await db
      .select({ quest: quests, title: questTemplates.title, description: questTemplates.description })
      .from(quests)
      .innerJoin(questTemplates, eq(questTemplates.id, quests.templateId))
      .where(and(eq(quests.userId, userId), gt(quests.expiresAt, now)))
      .orderBy(asc(quests.period), asc(quests.templateId), desc(quests.periodStart));
    return { items: rows.map((r) => toQuest(r.quest, r.title, r.description)) };
  }

  /**
   * Claims a completed quest's rewards once: the profile row is locked first (the same order
   * as every grant, so no deadlock), then the quest is checked and the rewards paid with the
   * idempotency ref `quest:<id>` in the same transaction.
   */
  async complete(userId: string, questId: string): Promise<CompleteQuestResponse> {
    const { db, clock, progression } = this.deps;
    const pending = await db.transaction(async (tx) => {
      await tx.select({ userId: profiles.userId }).from(profiles).where(eq(profiles.userId, userId)).for("update");
      const [quest] = await tx
        .select()
        .from(quests)
        .where(and(eq(quests.id, questId), eq(quests.userId, userId)))
        .limit(1);
      if (!quest) throw notFound("Quest");
      if (quest.status === "claimed") throw conflict(ErrorCode.ALREADY_CLAIMED, "This quest was already claimed");
      const now = clock.date();
      if (quest.expiresAt <= now) throw new AppError(410, ErrorCode.QUEST_EXPIRED, "This quest has expired");
      if (quest.status !== "completed") {
        throw unprocessable(ErrorCode.REQUIREMENTS_UNMET, "This quest's requirements are not met yet", {
          progress: quest.progress,
        });
      }
      const rewards = quest.rewards;
      const grant = await progression.grantInTx(tx, {
        userId,
        ref: `quest:${quest.id}`,
        reason: "quest",
        xp: rewards.xp ?? 0,
        coins: rewards.coins ?? 0,
        gems: rewards.gems ?? 0,
      });
      await tx.update(quests).set({ status: "claimed", claimedAt: now }).where(eq(quests.id, quest.id));
      return grant;
    });
    await pending.publish();
    const r = pending.result;
    return {
      questId,
      status: "claimed",
      rewards: { xp: r.xpGained, coins: r.coinsGained, gems: r.gemsGained },
      levelBefore: r.levelBefore,
      levelAfter: r.levelAfter,
      experience: r.experience,
      coins: r.coins,
      gems: r.gems,
    };
  }
}

function toQuest(q: typeof quests.$inferSelect, title: string, description: string): Quest {
  const progress = q.progress;
  return {
    id: q.id,
    templateId: q.templateId,
    period: q.period,
    title,
    description,
    requirements: q.requirements.map((r) => ({
      ...r,
      progress: progress[requirementKey(r)] ?? 0,
    })),
    rewards: q.rewards,
    status: q.status,
    expiresAt: q.expiresAt.toISOString(),
    completedAt: q.completedAt?.toISOString() ?? null,
    claimedAt: q.claimedAt?.toISOString() ?? null,
  };
}
