import { eq, sql } from "drizzle-orm";
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
    const xp = Math.max(0, Math.floor(input.xp ?? 0));
    const change = perCurrency((c) => Math.trunc(input[c] ?? 0));

    // Lock first: every grant of this user waits here, so the idempotency check below is race-free.
    // The user row comes along (the zone for days and quests, the bot flag for the boards): one
    // statement fewer per grant, the XP path's most frequent.
    const [locked] = await tx
      .select({ profile: profiles, timeZone: users.timeZone, isBot: users.isBot })
      .from(profiles)
      .innerJoin(users, eq(users.id, profiles.userId))
      .where(eq(profiles.userId, input.userId))
      .for("update", { of: profiles })
      .limit(1);
    if (!locked) throw new AppError(404, "NOT_FOUND", "Profile not found");
    const { profile, timeZone, isBot } = locked;

    // Then, in one statement after the lock (a fresh snapshot, so a concurrent retry of this ref
    // that committed while this grant waited is seen): whether the ref was paid already, the
    // badges not earned yet, and the open quests (created where missing) when events can move them.
    // Joined into the locking statement, READ COMMITTED would read these on the pre-wait snapshot.
    const now = this.deps.clock.date();
    const events = input.events ?? [];
    const quests = movesQuests(events) ? openQuestsRead({ id: input.userId, timeZone }, now) : undefined;
    const [seen] = await rowsOf<{
      previous: GrantResult | null;
      badges: CandidateBadge[] | null;
      quests: OpenQuest[] | null;
    }>(
      tx,
      sql`${quests ? sql`with ${quests.ctes} ` : sql``}select
        (select result from ${grants} where user_id = ${input.userId} and ref = ${input.ref}) as previous,
        ${xp > 0 || events.length > 0 ? unearnedBadges(input.userId) : sql`null`} as badges,
        ${quests ? quests.list : sql`null`} as quests`,
    );
    if (seen?.previous) {
      return { result: { ...seen.previous, applied: false }, publish: async () => {} };
    }

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
    const codingDay = events.some((e) => e.kind === "coding_day");
    if (codingDay) {
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
    const week = weekStart(now.getTime());
    // The grant's own rows in one statement (one round trip instead of five: a battle's
    // settlement writes them for every player, README "Performance notes"): the profile, the
    // ledger, the idempotency row, the badges and, last so that it can return the week's total,
    // the week's XP.
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
    ];
    const weekly =
      xp > 0
        ? tx
            .insert(weeklyXp)
            .values({ weekStart: week, userId: input.userId, experience: xp, experienceAt })
            .onConflictDoUpdate({
              target: [weeklyXp.weekStart, weeklyXp.userId],
              set: { experience: sql`${weeklyXp.experience} + ${xp}`, experienceAt },
            })
            .returning({ experience: weeklyXp.experience })
            .getSQL()
        : sql`select null as experience`;
    const ctes = sql.join(
      writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w.getSQL()})`),
      sql`, `,
    );
    const rows = await rowsOf<{ experience: string | number | null }>(tx, sql`with ${ctes} ${weekly}`);

    const scores: ScoreChange = { all: { userId: input.userId, experience, experienceAt } };
    if (xp > 0) {
      // bigint comes back as text from a raw statement.
      const weekTotal = Number(rows[0]?.experience ?? xp);
      scores.weekly = { userId: input.userId, weekStart: week, experience: weekTotal, experienceAt };
    }
    // Bots (load-test accounts) are kept off the Redis boards as the SQL ones leave them out.
    const boardChange = xp > 0 && !isBot ? scores : undefined;
    return { result, publish: () => this.publish(input, result, boardChange) };
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
