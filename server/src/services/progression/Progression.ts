import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import {
  type Balances,
  currencyIds,
  perCurrency,
  type GrantResult,
  applyStatistics,
  calendarDay,
  HubPush,
  levelForXp,
  normalizeStatistics,
  type ProgressEvent,
  recordCodingDay,
  weekStart,
} from "@levelup/shared";
import { type Db, rowsOf, type Tx } from "../../db/client.ts";
import { grants, ledger, profiles, users, weeklyXp } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import type { Logger } from "../../logger.ts";
import type { Metrics } from "../../metrics.ts";
import type { Notifier } from "../../realtime/Notifier.ts";
import type { Clock } from "../clock.ts";
import { type Leaderboard, type ScoreChange, wholeSecond } from "../leaderboard/Leaderboard.ts";
import type { PlayerChanges } from "../playerCaches.ts";
import { badgesEarned, type CandidateBadge, insertBadges, unearnedBadges } from "./badgeAwards.ts";
import { advanceQuestsInTx, movesQuests, type OpenQuest, openQuestsRead } from "./questInstances.ts";

/** Each currency (rules/currencies.ts): gained, or spent when negative; a spend below zero fails with 422. */
export interface GrantInput extends Partial<Balances> {
  userId: string;
  /** Idempotency reference: the same (user, ref) pays once, e.g. "attempt:<id>", "coding:<session>:batch:3". */
  ref: string;
  /** Why, for the ledger: "coding", "challenge", "quest", "dungeon", "purchase", "exchange"… */
  reason: string;
  /** XP gained (never negative). */
  xp?: number;
  /** What happened, for statistics, quests, streaks and badges. */
  events?: ProgressEvent[];
}

export type { GrantResult };

/** One player's grant as grantAllInTx plans it under the lock (the row it locked, the amounts). */
interface GrantPlan {
  input: GrantInput;
  locked: { profile: typeof profiles.$inferSelect; timeZone: string; isBot: boolean };
  events: ProgressEvent[];
  xp: number;
  change: Balances;
  /** The open quests' part of the read (openQuestsRead), when the events can move quests. */
  quests: { ctes: SQL; list: SQL } | undefined;
}

/** A grant applied inside a caller's transaction; `publish` must be called only after that commits. */
export interface PendingGrant {
  result: GrantResult;
  publish(): Promise<void>;
}

export interface ProgressionDeps {
  db: Db;
  clock: Clock;
  notifier: Notifier;
  leaderboard: Leaderboard;
  logger: Logger;
  metrics: Metrics;
  /** Told after each grant's commit: a grant changes the profile and may move or create quests. */
  playerChanges: PlayerChanges;
}

/**
 * The one place that changes XP, level, coins, gems, statistics, streak, quest progress and badges.
 * Each grant is one transaction that locks the user's profile row (so concurrent grants for one
 * user queue instead of losing updates), records an idempotency row and the ledger, the week's
 * XP, statistics and streak from its events, advances quests, awards badges, and returns what
 * changed. The Redis leaderboard and the live pushes are updated after the commit, never before.
 */
export class Progression {
  constructor(private readonly deps: ProgressionDeps) {}

  /** Applies a grant in its own transaction and pushes its effects once committed. */
  async grant(input: GrantInput): Promise<GrantResult> {
    const pending = await this.deps.db.transaction((tx) => this.grantInTx(tx, input));
    await pending.publish();
    return pending.result;
  }

  /** Applies a grant inside `tx` (e.g. with a purchase's own writes); call `publish` after commit. */
  async grantInTx(tx: Tx, input: GrantInput): Promise<PendingGrant> {
    const [pending] = await this.grantAllInTx(tx, [input]);
    if (!pending) throw new Error("grantAllInTx returned no grant");
    return pending;
  }

  /**
   * Applies one grant for each of several players inside `tx`, in three statements whatever
   * their number (a battle's settlement pays its whole party: README "Performance notes"); each
   * player at most once. Returns the grants in the order given; call each `publish` after commit.
   */
  async grantAllInTx(tx: Tx, inputs: readonly GrantInput[]): Promise<PendingGrant[]> {
    const ids = inputs.map((i) => i.userId);
    if (new Set(ids).size !== ids.length) throw new Error("grantAllInTx: one grant per player");
    if (ids.length === 0) return [];

    // Lock first: every grant of these users waits here, so the reads below are race-free. Rows
    // are locked in user id order, so two grants of overlapping parties cannot wait on each other
    // crosswise. The user row comes along (the zone for days and quests, the bot flag for boards).
    const lockedRows = await tx
      .select({ profile: profiles, timeZone: users.timeZone, isBot: users.isBot })
      .from(profiles)
      .innerJoin(users, eq(users.id, profiles.userId))
      .where(inArray(profiles.userId, ids))
      .orderBy(asc(profiles.userId))
      .for("update", { of: profiles });
    // Read after the lock wait: a grant's time (the ledger's, the XP's for the boards' ties) never
    // comes before that of a grant of the same player it waited for.
    const now = this.deps.clock.date();
    const lockedBy = new Map(lockedRows.map((r) => [r.profile.userId, r]));
    const plans = inputs.map((input, i): GrantPlan => {
      const locked = lockedBy.get(input.userId);
      if (!locked) throw new AppError(404, "NOT_FOUND", "Profile not found");
      const events = input.events ?? [];
      const xp = Math.max(0, Math.floor(input.xp ?? 0));
      const owner = { id: input.userId, timeZone: locked.timeZone };
      return {
        input,
        locked,
        events,
        xp,
        change: perCurrency((c) => Math.trunc(input[c] ?? 0)),
        quests: movesQuests(events) ? openQuestsRead(owner, now, `open_quests_${i}`) : undefined,
      };
    });

    // Then, in one statement after the lock (a fresh snapshot, so a concurrent retry of a ref
    // that committed while this grant waited is seen): for each player whether the ref was paid
    // already, the badges not earned yet, and the open quests (created where missing) when events
    // can move them. Joined into the locking statement, READ COMMITTED would read these on the
    // pre-wait snapshot.
    const questCtes = plans.flatMap((p) => (p.quests ? [p.quests.ctes] : []));
    const seenRows = await rowsOf<{
      i: number;
      previous: GrantResult | null;
      badges: CandidateBadge[] | null;
      quests: OpenQuest[] | null;
    }>(
      tx,
      sql`${questCtes.length > 0 ? sql`with ${sql.join(questCtes, sql`, `)} ` : sql``}${sql.join(
        plans.map(
          (p, i) => sql`select ${i}::int as i,
            (select result from ${grants} where user_id = ${p.input.userId} and ref = ${p.input.ref}) as previous,
            ${p.xp > 0 || p.events.length > 0 ? unearnedBadges(p.input.userId) : sql`null::json`} as badges,
            ${p.quests ? p.quests.list : sql`null::json`} as quests`,
        ),
        sql` union all `,
      )}`,
    );
    const seenBy = new Map(seenRows.map((r) => [Number(r.i), r]));

    const pending: PendingGrant[] = [];
    const writes: SQL[] = [];
    const weekly: { userId: string; name: string; setTotal: (weekTotal: number) => void }[] = [];
    for (const [i, plan] of plans.entries()) {
      const seen = seenBy.get(i);
      if (seen?.previous) {
        pending.push({ result: { ...seen.previous, applied: false }, publish: async () => {} });
        continue;
      }
      const grant = await this.planGrant(tx, plan, seen, now);
      writes.push(...grant.writes.map((w, k) => sql`${sql.raw(`w${i}_${k}`)} as (${w})`));
      if (grant.weekly) {
        const name = `week_${i}`;
        writes.push(sql`${sql.raw(name)} as (${grant.weekly})`);
        weekly.push({ userId: plan.input.userId, name, setTotal: grant.setWeekTotal });
      }
      pending.push(grant.pending);
    }
    if (writes.length === 0) return pending;
    // Every player's rows in one statement (profile, ledger, idempotency row, badges and the
    // week's XP, whose new totals it returns for the boards).
    const totals = await rowsOf<{ userId: string; experience: string | number }>(
      tx,
      sql`with ${sql.join(writes, sql`, `)} ${
        weekly.length > 0
          ? sql.join(
              weekly.map((w) => sql`select user_id as "userId", experience from ${sql.raw(w.name)}`),
              sql` union all `,
            )
          : sql`select null as "userId", null as experience where false`
      }`,
    );
    for (const w of weekly) {
      const row = totals.find((t) => t.userId === w.userId);
      // bigint comes back as text from a raw statement.
      if (row) w.setTotal(Number(row.experience));
    }
    return pending;
  }

  /**
   * One player's grant under the lock, from what the read found: the result, the quest updates
   * (their own statements), and the rows to write (returned as statements for grantAllInTx to
   * send together with the other players').
   */
  private async planGrant(
    tx: Tx,
    plan: GrantPlan,
    seen: { badges: CandidateBadge[] | null; quests: OpenQuest[] | null } | undefined,
    now: Date,
  ): Promise<{ pending: PendingGrant; writes: SQL[]; weekly?: SQL; setWeekTotal: (total: number) => void }> {
    const { input, events, xp, change } = plan;
    const { profile, timeZone, isBot } = plan.locked;
    const balances = perCurrency((c) => profile[c] + change[c]);
    if (currencyIds.some((c) => balances[c] < 0)) {
      throw new AppError(
        422,
        "INSUFFICIENT_FUNDS",
        `Not enough ${currencyIds.filter((c) => balances[c] < 0).join(" or ")}`,
      );
    }
    const experience = profile.experience + xp;
    const experienceAt = xp > 0 ? wholeSecond(now) : profile.experienceAt;
    const levelBefore = profile.level;
    const levelAfter = levelForXp(experience);

    let streak = { streak: profile.codingStreak, lastDay: profile.lastCodingDay };
    let streakChange: { newDay: boolean; streak: number } | undefined;
    if (events.some((e) => e.kind === "coding_day")) {
      const next = recordCodingDay(streak, calendarDay(now.getTime(), timeZone));
      streakChange = { newDay: next.lastDay !== streak.lastDay, streak: next.streak };
      streak = next;
    }
    const statistics = applyStatistics(normalizeStatistics(profile.statistics), events, streakChange);

    const questsAdvanced = await advanceQuestsInTx(tx, seen?.quests ?? [], events, now);
    const badgesUnlocked = badgesEarned(seen?.badges ?? [], { experience, level: levelAfter, statistics });

    const result: GrantResult = {
      applied: true,
      xpGained: xp,
      coinsGained: change.coins,
      gemsGained: change.gems,
      levelBefore,
      levelAfter,
      experience,
      ...balances,
      badgesUnlocked,
      questsAdvanced,
    };
    const entries = [
      { currency: "xp" as const, delta: xp, balanceAfter: experience },
      ...currencyIds.map((currency) => ({ currency, delta: change[currency], balanceAfter: balances[currency] })),
    ].filter((e) => e.delta !== 0);
    const writes = [
      tx
        .update(profiles)
        .set({
          experience,
          level: levelAfter,
          ...balances,
          experienceAt,
          codingStreak: streak.streak,
          lastCodingDay: streak.lastDay,
          statistics,
          updatedAt: now,
        })
        .where(eq(profiles.userId, input.userId)),
      tx.insert(grants).values({ userId: input.userId, ref: input.ref, result, createdAt: now }),
      ...(entries.length > 0
        ? [
            tx.insert(ledger).values(
              entries.map((e) => ({
                ...e,
                userId: input.userId,
                reason: input.reason,
                ref: input.ref,
                createdAt: now,
              })),
            ),
          ]
        : []),
      ...(badgesUnlocked.length > 0 ? [insertBadges(tx, input.userId, badgesUnlocked, now)] : []),
    ].map((w) => w.getSQL());
    const week = weekStart(now.getTime());
    const scores: ScoreChange = { all: { userId: input.userId, experience, experienceAt } };
    // Bots (load-test accounts) are kept off the Redis boards as the SQL ones leave them out.
    const boardChange = xp > 0 && !isBot ? scores : undefined;
    return {
      pending: { result, publish: () => this.publish(input, result, boardChange) },
      writes,
      ...(xp > 0
        ? {
            weekly: tx
              .insert(weeklyXp)
              .values({ weekStart: week, userId: input.userId, experience: xp, experienceAt })
              .onConflictDoUpdate({
                target: [weeklyXp.weekStart, weeklyXp.userId],
                set: { experience: sql`${weeklyXp.experience} + ${xp}`, experienceAt },
              })
              .returning({ userId: weeklyXp.userId, experience: weeklyXp.experience })
              .getSQL(),
          }
        : {}),
      setWeekTotal: (total) => {
        scores.weekly = { userId: input.userId, weekStart: week, experience: total, experienceAt };
      },
    };
  }

  /**
   * After commit: the metrics, the player's cached reads dropped (with them whatever the grant's
   * transaction changed besides: a purchase's item, a battle's drops, a claimed quest) and the Redis
   * boards (so a client reacting to a push sees its balance and rank), then the pushes.
   */
  private async publish(input: GrantInput, r: GrantResult, scores: ScoreChange | undefined): Promise<void> {
    const { notifier, leaderboard, logger, metrics, playerChanges } = this.deps;
    const { userId } = input;
    metrics.recordGrant(input.reason, { xp: r.xpGained, coins: r.coinsGained, gems: r.gemsGained });
    await playerChanges.changed(userId);
    if (scores) {
      // The grant is committed whatever happens here; a board that missed it is fixed by a rebuild.
      await leaderboard.record(scores).catch((err) => logger.warn({ err, userId }, "leaderboard update failed"));
    }
    if (r.xpGained > 0) {
      await notifier.notify(userId, HubPush.xpUpdate, {
        xp: r.xpGained,
        totalXp: r.experience,
        level: r.levelAfter,
        leveledUp: r.levelAfter > r.levelBefore,
      });
    }
    if (r.levelAfter > r.levelBefore) {
      await notifier.notify(userId, HubPush.levelUp, { levelBefore: r.levelBefore, level: r.levelAfter });
    }
    for (const badge of r.badgesUnlocked) await notifier.notify(userId, HubPush.achievementUnlocked, { badge });
    for (const quest of r.questsAdvanced) await notifier.notify(userId, HubPush.questProgress, quest);
  }
}
