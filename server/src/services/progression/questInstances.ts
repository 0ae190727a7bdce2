import { advanceQuest, type ProgressEvent, type QuestProgressPush, questPeriod } from "@levelup/shared";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Executor, Tx } from "../../db/client.ts";
import { quests, users } from "../../db/schema.ts";

/**
 * Gives a player the quests of their current day and week, in their own time zone: one per
 * active template and period, created the first time anything needs them (registration, a grant,
 * the quest list). The unique (user, template, period start) index makes concurrent callers create
 * each once, and inserting in template order keeps two such callers from waiting on each other
 * crosswise. A template whose quest of an earlier reckoning is still open (the player changed zone
 * and the new zone's day already began) gets no second one until that quest expires: one open
 * quest per template, so no event counts twice.
 * Resolves with the moment the first of the player's open quests expires: until then there is
 * nothing new to create (a cache may skip this call), whatever zone those quests were made in.
 */
export async function ensureCurrentQuests(db: Executor, userId: string, nowMs: number): Promise<number> {
  const [user] = await db.select({ timeZone: users.timeZone }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) return nowMs;
  await createCurrentQuests(db, { id: userId, timeZone: user.timeZone }, nowMs);
  const [next] = await db
    .select({ at: sql<Date | null>`min(${quests.expiresAt})`.mapWith(quests.expiresAt) })
    .from(quests)
    .where(and(eq(quests.userId, userId), gt(quests.expiresAt, new Date(nowMs))));
  return next?.at ? next.at.getTime() : nowMs;
}

/** The insert of ensureCurrentQuests, for a caller that has the player's zone already (a grant). */
async function createCurrentQuests(db: Executor, user: QuestOwner, nowMs: number): Promise<void> {
  const userId = user.id;
  const day = questPeriod("DAILY", nowMs, user.timeZone);
  const week = questPeriod("WEEKLY", nowMs, user.timeZone);
  const now = new Date(nowMs).toISOString();
  await db.execute(sql`
    insert into quests (user_id, template_id, period, period_start, requirements, rewards, expires_at)
    select ${userId}, t.id, t.period,
      case when t.period = 'DAILY' then ${day.start}::date else ${week.start}::date end,
      t.requirements, t.rewards,
      case when t.period = 'DAILY' then ${new Date(day.endsAt).toISOString()}::timestamptz
        else ${new Date(week.endsAt).toISOString()}::timestamptz end
    from quest_templates t
    where t.active
      and not exists (
        select 1 from quests q
        where q.user_id = ${userId} and q.template_id = t.id and q.expires_at > ${now}::timestamptz)
    order by t.id
    on conflict do nothing`);
}

/** A player as quests need them: whose, and in which zone their days and weeks begin. */
export interface QuestOwner {
  id: string;
  timeZone: string;
}

const questKinds = new Set<ProgressEvent["kind"]>([
  "lines_written",
  "coding_minutes",
  "challenge_attempt",
  "dungeon_clear",
  "clash_win",
  "items_bought",
]);

/**
 * Moves the player's open quests of the current periods by `events` (inside the grant's
 * transaction, with the profile row locked) and returns those that moved.
 */
export async function advanceQuestsInTx(
  tx: Tx,
  owner: QuestOwner,
  events: readonly ProgressEvent[],
  now: Date,
): Promise<QuestProgressPush[]> {
  if (!events.some((e) => questKinds.has(e.kind))) return [];
  const userId = owner.id;
  await createCurrentQuests(tx, owner, now.getTime());
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
