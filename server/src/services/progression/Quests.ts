import { type CompleteQuestResponse, ErrorCode, type Quest, requirementKey } from "@levelup/shared";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { profiles, questTemplates, quests } from "../../db/schema.ts";
import { AppError, conflict, notFound, unprocessable } from "../../errors.ts";
import type { Clock } from "../clock.ts";
import type { PushedCache } from "../pushedCache.ts";
import type { Progression } from "./Progression.ts";
import { ensureCurrentQuests } from "./questInstances.ts";

export interface QuestsDeps {
  db: Db;
  clock: Clock;
  progression: Progression;
  /**
   * The list's rows by user id, dropped by every write to them (PlayerChanges: each grant, which
   * moves quests, creates them and pays claims) and ended by the first of them to expire (questListEnd).
   */
  cache: PushedCache<QuestRows>;
}

/** What GET /api/game/quests reads: the player's open quests with their templates' texts. */
export type QuestRows = Awaited<ReturnType<ReturnType<typeof prepareCurrentQuests>["execute"]>>;

/** GET /api/game/quests's answer. */
export interface QuestList {
  items: Quest[];
}

/** Players whose current quests this process knows exist; forgotten all at once past this many. */
const MAX_ENSURED = 50_000;

/** The list's read, prepared once: the player's quests not yet expired at `now`. */
function prepareCurrentQuests(db: Db) {
  return db
    .select({ quest: quests, title: questTemplates.title, description: questTemplates.description })
    .from(quests)
    .innerJoin(questTemplates, eq(questTemplates.id, quests.templateId))
    .where(and(eq(quests.userId, sql.placeholder("userId")), gt(quests.expiresAt, sql.placeholder("now"))))
    .orderBy(asc(quests.period), asc(quests.templateId), desc(quests.periodStart))
    .prepare("current_quests");
}

/**
 * Until when a quest list read is the list: until its first quest expires, which is also the first
 * moment a quest can be due that it lacks (the next period's, made once the open one of its
 * template has expired: ensureCurrentQuests). An empty list has nothing to wait for: it is read again.
 */
export function questListEnd(rows: QuestRows): number {
  if (rows.length === 0) return 0;
  return Math.min(...rows.map((r) => r.quest.expiresAt.getTime()));
}

/** The quest list and claims (docs/api.md: /quests, /quests/complete). Progress itself moves in Progression. */
export class Quests {
  /**
   * Player → when the first of their open quests expires, as this process last made sure they
   * exist: before then the list is one read. Quests are never deleted, and a zone change keeps
   * the open ones until they expire, so nothing new can be due earlier. (A quest template
   * activated by a content deploy reaches players at their next expiry, or when the process restarts.)
   */
  private readonly ensuredUntil = new Map<string, number>();
  private readonly current;
  /**
   * The answer built from each cached read, kept while the read is: every request of a player then
   * gets the same object, which HTTP serialises once (http/route.ts, sharedBodies). Never changed.
   */
  private readonly lists = new WeakMap<QuestRows, QuestList>();

  constructor(private readonly deps: QuestsDeps) {
    this.current = prepareCurrentQuests(deps.db);
  }

  /**
   * The player's quests of the current day and week, created if this is their first look. The
   * rows come from the process's cache while no write dropped them and none of them expired: a
   * database round trip was most of the read's cost (README, Performance notes).
   */
  async list(userId: string): Promise<QuestList> {
    const now = this.deps.clock.now();
    const rows = await this.deps.cache.get(userId, () => this.load(userId, now));
    // A read that joined a load begun a moment earlier may hold a quest that has expired since.
    const open = rows.filter((r) => r.quest.expiresAt.getTime() > now);
    if (open.length < rows.length) return listOf(open);
    let list = this.lists.get(rows);
    if (!list) {
      list = listOf(rows);
      this.lists.set(rows, list);
    }
    return list;
  }

  /**
   * The open quests, made first if some may be due. Quests made here need no drop of other
   * processes' cached lists: those ended when the quests these replace expired (questListEnd).
   */
  private async load(userId: string, now: number): Promise<QuestRows> {
    if ((this.ensuredUntil.get(userId) ?? 0) <= now) {
      const until = await ensureCurrentQuests(this.deps.db, userId, now);
      if (this.ensuredUntil.size >= MAX_ENSURED) this.ensuredUntil.clear();
      this.ensuredUntil.set(userId, until);
    }
    return this.current.execute({ userId, now: new Date(now) });
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
    // Its publish tells PlayerChanges: the cached list, which shows the quest claimed now, is dropped.
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

function listOf(rows: QuestRows): QuestList {
  return { items: rows.map((r) => toQuest(r.quest, r.title, r.description)) };
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
