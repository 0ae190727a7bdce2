import { type CompleteQuestResponse, ErrorCode, type Quest, requirementKey } from "@levelup/shared";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
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
/** Players whose current quests this process knows exist; forgotten all at once past this many. */
const MAX_ENSURED = 50_000;

export class Quests {
  /**
   * Player → when the first of their open quests expires, as this process last made sure they
   * exist: before then the list is one read. Quests are never deleted, and a zone change keeps
   * the open ones until they expire, so nothing new can be due earlier. (A quest template
   * activated by a content deploy reaches players at their next expiry, or when the process restarts.)
   */
  private readonly ensuredUntil = new Map<string, number>();
  /** The list's read, prepared once. */
  private readonly current;

  constructor(private readonly deps: QuestsDeps) {
    this.current = deps.db
      .select({ quest: quests, title: questTemplates.title, description: questTemplates.description })
      .from(quests)
      .innerJoin(questTemplates, eq(questTemplates.id, quests.templateId))
      .where(and(eq(quests.userId, sql.placeholder("userId")), gt(quests.expiresAt, sql.placeholder("now"))))
      .orderBy(asc(quests.period), asc(quests.templateId), desc(quests.periodStart))
      .prepare("current_quests");
  }

  /** The player's quests of the current day and week, created if this is their first look. */
  async list(userId: string): Promise<{ items: Quest[] }> {
    const now = this.deps.clock.date();
    if ((this.ensuredUntil.get(userId) ?? 0) <= now.getTime()) {
      const until = await ensureCurrentQuests(this.deps.db, userId, now.getTime());
      if (this.ensuredUntil.size >= MAX_ENSURED) this.ensuredUntil.clear();
      this.ensuredUntil.set(userId, until);
    }
    const rows = await this.current.execute({ userId, now });
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
