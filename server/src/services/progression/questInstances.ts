import { advanceQuest, type ProgressEvent, type QuestProgressPush, questPeriod } from "@levelup/shared";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor, Tx } from "../../db/client.ts";
import { quests } from "../../db/schema.ts";

/**
 * Gives a player the quests of the current day and week: one per active template and period,
 * created the first time anything needs them (registration, a grant, the quest list). The
 * unique (user, template, period start) index makes concurrent callers create each once, and
 * inserting in template order keeps two such callers from waiting on each other crosswise.
 */
export async function ensureCurrentQuests(db: Executor, userId: string, nowMs: number): Promise<void> {
  const day = questPeriod("DAILY", nowMs);
  const week = questPeriod("WEEKLY", nowMs);
  await db.execute(sql`
    insert into quests (user_id, template_id, period, period_start, requirements, rewards, expires_at)
    select ${userId}, t.id, t.period,
      case when t.period = 'DAILY' then ${day.start}::date else ${week.start}::date end,
      t.requirements, t.rewards,
      case when t.period = 'DAILY' then ${new Date(day.endsAt).toISOString()}::timestamptz
        else ${new Date(week.endsAt).toISOString()}::timestamptz end
    from quest_templates t
    where t.active
    order by t.id
    on conflict do nothing`);
}

const questKinds = new Set<ProgressEvent["kind"]>([
  "lines_written",
  "coding_minutes",
  "challenge_attempt",
  "dungeon_clear",
  "items_bought",
]);

/**
 * Moves the player's open quests of the current periods by `events` (inside the grant's
 * transaction, with the profile row locked) and returns those that moved.
 */
export async function advanceQuestsInTx(
  tx: Tx,
  userId: string,
  events: readonly ProgressEvent[],
  now: Date,
): Promise<QuestProgressPush[]> {
  if (!events.some((e) => questKinds.has(e.kind))) return [];
  await ensureCurrentQuests(tx, userId, now.getTime());
  const open = await tx
    .select({
      id: quests.id,
      templateId: quests.templateId,
      requirements: quests.requirements,
      progress: quests.progress,
    })
    .from(quests)
    .where(and(eq(quests.userId, userId), eq(quests.status, "active"), gt(quests.expiresAt, now)));
  const advanced: QuestProgressPush[] = [];
  for (const q of open) {
    const r = advanceQuest(q.requirements, q.progress, events);
    if (!r.changed) continue;
    await tx
      .update(quests)
      .set({ progress: r.progress, ...(r.complete ? { status: "completed" as const, completedAt: now } : {}) })
      .where(eq(quests.id, q.id));
    advanced.push({ questId: q.id, templateId: q.templateId, progress: r.progress, completed: r.complete });
  }
  return advanced;
}
