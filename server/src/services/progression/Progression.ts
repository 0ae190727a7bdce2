import { and, eq } from "drizzle-orm";
import { levelForXp, type ProgressEvent } from "@levelup/shared";
import type { Db, Tx } from "../../db/client.ts";
import { grants, ledger, profiles } from "../../db/schema.ts";
import { AppError } from "../../http/errors.ts";
import type { Notifier } from "../../realtime/Notifier.ts";
import type { Clock } from "../clock.ts";

export interface GrantInput {
  userId: string;
  /** Idempotency reference: the same (user, ref) pays once, e.g. "attempt:<id>", "coding:<session>:batch:3". */
  ref: string;
  /** Why, for the ledger: "coding", "challenge", "quest", "dungeon", "purchase", "exchange"… */
  reason: string;
  /** XP gained (never negative). */
  xp?: number;
  /** Coins gained, or spent when negative; a spend that would go below zero fails with 422. */
  coins?: number;
  /** Gems gained, or spent when negative. */
  gems?: number;
  /** What happened, for statistics, quests, streaks and badges. */
  events?: ProgressEvent[];
}

export interface GrantResult {
  /** False when this ref was already applied: the result is the first one, nothing paid again. */
  applied: boolean;
  xpGained: number;
  coinsGained: number;
  gemsGained: number;
  levelBefore: number;
  levelAfter: number;
  experience: number;
  coins: number;
  gems: number;
  badgesUnlocked: { id: string; name: string; description: string; icon: string }[];
  questsAdvanced: { questId: string; templateId: string; progress: Record<string, number>; completed: boolean }[];
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
}

/**
 * The one place that changes XP, level, coins, gems, statistics, streak, quest progress and badges.
 * Each grant is one transaction that locks the user's profile row (so concurrent grants for one
 * user queue instead of losing updates), records an idempotency row and the ledger, and returns
 * what changed. Live pushes go out after the commit, never before.
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
    const coins = Math.trunc(input.coins ?? 0);
    const gems = Math.trunc(input.gems ?? 0);

    // Lock first: every grant of this user waits here, so the idempotency check below is race-free.
    const [profile] = await tx.select().from(profiles).where(eq(profiles.userId, input.userId)).for("update").limit(1);
    if (!profile) throw new AppError(404, "NOT_FOUND", "Profile not found");

    const [previous] = await tx
      .select({ result: grants.result })
      .from(grants)
      .where(and(eq(grants.userId, input.userId), eq(grants.ref, input.ref)))
      .limit(1);
    if (previous) {
      return { result: { ...(previous.result as GrantResult), applied: false }, publish: async () => {} };
    }

    if (profile.coins + coins < 0 || profile.gems + gems < 0) {
      throw new AppError(422, "INSUFFICIENT_FUNDS", "Not enough coins or gems");
    }
    const now = this.deps.clock.date();
    const experience = profile.experience + xp;
    const levelBefore = profile.level;
    const levelAfter = levelForXp(experience);
    await tx
      .update(profiles)
      .set({
        experience,
        level: levelAfter,
        coins: profile.coins + coins,
        gems: profile.gems + gems,
        ...(xp > 0 ? { experienceAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(profiles.userId, input.userId));

    const entries = [
      { currency: "xp" as const, delta: xp, balanceAfter: experience },
      { currency: "coins" as const, delta: coins, balanceAfter: profile.coins + coins },
      { currency: "gems" as const, delta: gems, balanceAfter: profile.gems + gems },
    ].filter((e) => e.delta !== 0);
    if (entries.length > 0) {
      await tx
        .insert(ledger)
        .values(
          entries.map((e) => ({ ...e, userId: input.userId, reason: input.reason, ref: input.ref, createdAt: now })),
        );
    }

    const result: GrantResult = {
      applied: true,
      xpGained: xp,
      coinsGained: coins,
      gemsGained: gems,
      levelBefore,
      levelAfter,
      experience,
      coins: profile.coins + coins,
      gems: profile.gems + gems,
      badgesUnlocked: [],
      questsAdvanced: [],
    };
    await tx.insert(grants).values({ userId: input.userId, ref: input.ref, result, createdAt: now });
    return { result, publish: () => this.publish(input.userId, result) };
  }

  private async publish(userId: string, r: GrantResult): Promise<void> {
    const { notifier } = this.deps;
    if (r.xpGained > 0) {
      await notifier.notify(userId, "xp_update", {
        xp: r.xpGained,
        totalXp: r.experience,
        level: r.levelAfter,
        leveledUp: r.levelAfter > r.levelBefore,
      });
    }
    if (r.levelAfter > r.levelBefore) {
      await notifier.notify(userId, "level_up", { levelBefore: r.levelBefore, level: r.levelAfter });
    }
  }
}
