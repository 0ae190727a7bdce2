import {
  advanceQuest,
  type ProgressEvent,
  type QuestProgress,
  type QuestProgressPush,
  type QuestRequirement,
  questPeriod,
} from "@levelup/shared";
import { and, eq, gt, type SQL, sql } from "drizzle-orm";
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
  await db.execute(insertCurrentQuests({ id: userId, timeZone: user.timeZone }, nowMs));
  const [next] = await db
    .select({ at: sql<Date | null>`min(${quests.expiresAt})`.mapWith(quests.expiresAt) })
    .from(quests)
    .where(and(eq(quests.userId, userId), gt(quests.expiresAt, new Date(nowMs))));
  return next?.at ? next.at.getTime() : nowMs;
}

/**
 * The statement that inserts the player's missing quests of the current day and week (see
 * ensureCurrentQuests); without `returning`, it inserts nothing twice and returns nothing.
 */
function insertCurrentQuests(user: QuestOwner, nowMs: number, returning?: SQL): SQL {
  const userId = user.id;
  const day = questPeriod("DAILY", nowMs, user.timeZone);
  const week = questPeriod("WEEKLY", nowMs, user.timeZone);
  const now = new Date(nowMs).toISOString();
  return sql`
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
    on conflict do nothing
    ${returning ?? sql``}`;
}

/** An open quest as a grant moves it. */
export interface OpenQuest extends Record<string, unknown> {
  id: string;
  templateId: string;
  requirements: QuestRequirement[];
  progress: QuestProgress;
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

/** Whether any of `events` can move a quest (a grant without them reads no quests). */
export function movesQuests(events: readonly ProgressEvent[]): boolean {
  return events.some((e) => questKinds.has(e.kind));
}

/**
 * The player's open quests of the current periods, created first where missing, for the grant's
 * read under the profile lock (Progression.grantAllInTx): `ctes` (named `name` and `name`_created)
 * go in its WITH, `list` is a column holding them as one JSON array in template order. The open
 * quests are read on the statement's snapshot, which does not hold the rows its own insert adds:
 * those come from the insert's RETURNING.
 */
export function openQuestsRead(owner: QuestOwner, now: Date, name: string): { ctes: SQL; list: SQL } {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`openQuestsRead: ${name} is not a plain name`);
  const columns = sql`id, template_id as "templateId", requirements, progress`;
  const open = sql.raw(name);
  const created = sql.raw(`${name}_created`);
  return {
    ctes: sql`
    ${created} as (${insertCurrentQuests(owner, now.getTime(), sql`returning ${columns}`)}),
    ${open} as (
      select * from ${created}
      union all
      select ${columns} from quests
      where user_id = ${owner.id} and status = 'active' and expires_at > ${now.toISOString()}::timestamptz)`,
    list: sql`(select coalesce(json_agg(q order by q."templateId"), '[]'::json) from ${open} q)`,
  };
}

/**
 * Moves the open quests (openQuestsRead) by `events`, inside the grant's transaction with the
 * profile row locked, and returns those that moved.
 */
export async function advanceQuestsInTx(
  tx: Tx,
  open: readonly OpenQuest[],
  events: readonly ProgressEvent[],
  now: Date,
): Promise<QuestProgressPush[]> {
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
