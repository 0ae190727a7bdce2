import { and, count, desc, eq, gt, inArray, lt, max, or, sql } from "drizzle-orm";
import {
  type Attempt,
  type AttemptRewards,
  attemptPayout,
  ErrorCode,
  ESTABLISHED_ACCOUNT_AGE_MS,
  GUESS_WINDOW_MS,
  guessRetryAfterMs,
  PLAYER_CONTENT_WINDOW_MS,
  type PlayerContentFacts,
  playerContentPayout,
  type SubmitAttemptResponse,
} from "@levelup/shared";
import { alias } from "drizzle-orm/pg-core";
import type { Db, Tx } from "../../db/client.ts";
import { attempts, challenges, profiles, users } from "../../db/schema.ts";

/** The creator of a challenge, joined beside its solver. */
const creators = alias(users, "creator");
import { AppError, conflict, notFound, rateLimited } from "../../errors.ts";
import type { AuthUser } from "../auth/tokens.ts";
import type { Clock } from "../clock.ts";
import type { AccountLinks } from "../integrity/AccountLinks.ts";
import type { Refusals } from "../integrity/Refusals.ts";
import type { PendingGrant, Progression } from "../progression/Progression.ts";
import type { RateLimit } from "../rateLimits.ts";
import type { ChallengeGrader, ChallengeRow, Grade } from "./ChallengeGrader.ts";
import type { Challenges } from "./Challenges.ts";
import { isUuid } from "../ids.ts";
import { afterCursor, pageOf } from "../paging.ts";

export type Answer = string | string[];

export interface AttemptLimits {
  /** Attempts started per user. */
  startPerUser: RateLimit;
  /** Submissions per user, over every challenge. */
  submitPerUser: RateLimit;
  /** Submissions per user to one challenge. */
  submitPerChallenge: RateLimit;
}

export interface AttemptsDeps {
  db: Db;
  clock: Clock;
  challenges: Challenges;
  grader: ChallengeGrader;
  progression: Progression;
  refusals: Refusals;
  accountLinks: AccountLinks;
  limits: AttemptLimits;
}

/**
 * After this long a grading that recorded nothing is presumed lost (its process stopped), and the
 * attempt may be submitted again. Well above the longest job: 20 tests × 1 s plus a full queue.
 */
const STALE_GRADING_MS = 15 * 60 * 1000;

/** What settling a graded attempt paid, and the pushes to publish once it committed. */
interface Settlement {
  rewards: AttemptRewards;
  grant?: PendingGrant;
}

/**
 * A player's attempts at challenges: start, submit (graded by the server, paid through the
 * progression service), list and read. A challenge pays once per user — the grant's reference
 * `challenge:<id>` makes the database refuse a second payment — and never pays its creator.
 */
export class Attempts {
  /** Users with a CODE solution being graded by this process. */
  private readonly codeGradings = new Set<string>();

  constructor(private readonly deps: AttemptsDeps) {}

  /** The grader submissions go through (tests check it compares hashes in constant time). */
  get grader(): ChallengeGrader {
    return this.deps.grader;
  }

  async start(
    user: AuthUser,
    challengeId: string,
  ): Promise<{ id: string; challengeId: string; status: "started"; startedAt: string }> {
    await this.deps.limits.startPerUser.consume(user.id);
    const challenge = await this.deps.challenges.find(challengeId);
    const row = await this.insertAttempt(user.id, challenge.id);
    return { id: row.id, challengeId: row.challengeId, status: "started", startedAt: row.startedAt.toISOString() };
  }

  /** Grades an answer to a started attempt of the caller; a second submission is 409. */
  async submit(user: AuthUser, attemptId: string, answer: Answer): Promise<SubmitAttemptResponse> {
    const attempt = await this.findOwn(user.id, attemptId);
    if (attempt.status !== "started" && !this.isStale(attempt)) {
      throw conflict(ErrorCode.ALREADY_SUBMITTED, "This attempt was already submitted");
    }
    const challenge = await this.deps.challenges.find(attempt.challengeId);
    this.deps.grader.checkForm(challenge, answer);
    await this.precheckGuessCooldown(user.id, challenge);
    await this.consumeSubmission(user.id, challenge.id);
    return this.inCodeSlot(user.id, challenge, () => this.gradeAndSettle(user, attempt.id, challenge, answer));
  }

  /** The one-step form: starts an attempt and submits it at once. */
  async submitNew(user: AuthUser, challengeId: string, answer: Answer) {
    const challenge = await this.deps.challenges.find(challengeId);
    this.deps.grader.checkForm(challenge, answer);
    await this.precheckGuessCooldown(user.id, challenge);
    await this.consumeSubmission(user.id, challenge.id);
    const graded = await this.inCodeSlot(user.id, challenge, async () => {
      const attempt = await this.insertAttempt(user.id, challenge.id);
      return this.gradeAndSettle(user, attempt.id, challenge, answer);
    });
    return {
      correct: graded.status === "passed",
      score: graded.score,
      rewards: graded.rewards,
      attemptId: graded.id,
      results: graded.results,
    };
  }

  async list(userId: string, query: { limit: number; cursor?: string | undefined }) {
    const rows = await this.deps.db
      .select({ attempt: attempts, title: challenges.title, type: challenges.type })
      .from(attempts)
      .innerJoin(challenges, eq(challenges.id, attempts.challengeId))
      .where(and(eq(attempts.userId, userId), afterCursor(attempts.startedAt, attempts.id, query.cursor)))
      .orderBy(desc(attempts.startedAt), desc(attempts.id))
      .limit(query.limit + 1);
    const { page, nextCursor } = pageOf(rows, query.limit, (r) => ({ at: r.attempt.startedAt, id: r.attempt.id }));
    return { items: page.map((r) => toAttempt(r.attempt, r)), nextCursor };
  }

  /** One attempt of the caller; another user's attempt is 404, as if it did not exist. */
  async get(userId: string, attemptId: string): Promise<Attempt> {
    const attempt = await this.findOwn(userId, attemptId);
    const [challenge] = await this.deps.db
      .select({ title: challenges.title, type: challenges.type })
      .from(challenges)
      .where(eq(challenges.id, attempt.challengeId));
    return toAttempt(attempt, challenge as { title: string; type: ChallengeRow["type"] });
  }

  private async consumeSubmission(userId: string, challengeId: string): Promise<void> {
    await this.deps.limits.submitPerUser.consume(userId);
    await this.deps.limits.submitPerChallenge.consume(`${userId}:${challengeId}`);
  }

  /**
   * Runs a CODE grading while holding the user's one sandbox slot: a player grades one solution
   * at a time (429 otherwise), so nobody can fill the grader's queue alone. Other types run freely.
   */
  private async inCodeSlot<T>(userId: string, challenge: ChallengeRow, run: () => Promise<T>): Promise<T> {
    if (challenge.type !== "CODE") return run();
    if (this.codeGradings.has(userId)) throw rateLimited(2);
    this.codeGradings.add(userId);
    try {
      return await run();
    } finally {
      this.codeGradings.delete(userId);
    }
  }

  /** A grading claimed so long ago that its process must have died before recording a grade. */
  private isStale(attempt: typeof attempts.$inferSelect): boolean {
    const claimedAt = attempt.submittedAt?.getTime() ?? Number.POSITIVE_INFINITY;
    return attempt.status === "grading" && claimedAt < this.deps.clock.now() - STALE_GRADING_MS;
  }

  private async insertAttempt(userId: string, challengeId: string) {
    const [row] = await this.deps.db
      .insert(attempts)
      .values({ userId, challengeId, status: "started", startedAt: this.deps.clock.date() })
      .returning();
    return row as typeof attempts.$inferSelect;
  }

  private async findOwn(userId: string, attemptId: string) {
    if (!isUuid(attemptId)) throw notFound("Attempt");
    const [row] = await this.deps.db
      .select()
      .from(attempts)
      .where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)))
      .limit(1);
    if (!row) throw notFound("Attempt");
    return row;
  }

  private async gradeAndSettle(
    user: AuthUser,
    attemptId: string,
    challenge: ChallengeRow,
    answer: Answer,
  ): Promise<SubmitAttemptResponse> {
    const { db } = this.deps;
    // Claim the attempt first so two concurrent submissions cannot both be graded and paid.
    // submittedAt marks the claim until the grade replaces it.
    const now = this.deps.clock.date();
    const staleBefore = new Date(now.getTime() - STALE_GRADING_MS);
    const claimed = await db.transaction(async (tx) => {
      await this.checkGuessCooldown(tx, user.id, challenge);
      const [row] = await tx
        .update(attempts)
        .set({ status: "grading", submittedAt: now })
        .where(
          and(
            eq(attempts.id, attemptId),
            or(
              eq(attempts.status, "started"),
              and(eq(attempts.status, "grading"), lt(attempts.submittedAt, staleBefore)),
            ),
          ),
        )
        .returning({ id: attempts.id });
      return row;
    });
    if (!claimed) throw conflict(ErrorCode.ALREADY_SUBMITTED, "This attempt was already submitted");

    let grade: Grade;
    let settled: Settlement;
    try {
      grade = await this.deps.grader.grade(challenge, answer, user.id);
      const graded = grade;
      settled = await db.transaction((tx) => this.settle(tx, user.id, attemptId, challenge, graded));
    } catch (err) {
      // Nothing was recorded or paid: reopen the attempt so the player can submit again.
      await db.update(attempts).set({ status: "started", submittedAt: null }).where(eq(attempts.id, attemptId));
      throw err;
    }
    await settled.grant?.publish();
    const status = grade.passed ? "passed" : "failed";
    return {
      id: attemptId,
      challengeId: challenge.id,
      status,
      score: grade.score,
      xpAwarded: settled.rewards.xp,
      coinsAwarded: settled.rewards.coins,
      rewards: settled.rewards,
      results: grade.results,
    };
  }

  /**
   * The cooldown checked before anything is counted or recorded, so a refused answer spends no rate
   * budget and leaves no attempt behind; the claim checks it again under the lock.
   */
  private precheckGuessCooldown(userId: string, challenge: ChallengeRow): Promise<void> {
    return this.deps.db.transaction((tx) => this.checkGuessCooldown(tx, userId, challenge));
  }

  /**
   * Refuses (429 GUESS_COOLDOWN, with Retry-After) an answer given before the cooldown that the
   * player's recent wrong answers to this challenge earned (shared/src/rules/guessCooldown.ts).
   * Answers being graded count as wrong until they are graded, and the check and the claim share a
   * lock per player and challenge, so parallel guesses cannot slip past it together.
   */
  private async checkGuessCooldown(tx: Tx, userId: string, challenge: ChallengeRow): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`guess:${userId}:${challenge.id}`}, 0))`);
    const now = this.deps.clock.now();
    const [recent] = await tx
      .select({ wrong: count(), last: max(attempts.submittedAt) })
      .from(attempts)
      .where(
        and(
          eq(attempts.userId, userId),
          eq(attempts.challengeId, challenge.id),
          inArray(attempts.status, ["failed", "grading"]),
          gt(attempts.submittedAt, new Date(now - GUESS_WINDOW_MS)),
        ),
      );
    const retryMs = guessRetryAfterMs({
      type: challenge.type,
      wrongAnswers: recent?.wrong ?? 0,
      lastWrongAt: recent?.last ? new Date(recent.last).getTime() : null,
      now,
    });
    if (retryMs <= 0) return;
    this.deps.refusals.record("challenge.guess_cooldown", userId);
    const seconds = Math.ceil(retryMs / 1000);
    throw new AppError(
      429,
      ErrorCode.GUESS_COOLDOWN,
      `Too many wrong answers to this challenge; answer again in ${seconds} s`,
      { retryAfterSeconds: seconds },
      { headers: { "Retry-After": String(seconds) } },
    );
  }

  /** Records the grade and pays what it earns, in one transaction; the caller publishes after commit. */
  private async settle(
    tx: Tx,
    userId: string,
    attemptId: string,
    challenge: ChallengeRow,
    grade: Grade,
  ): Promise<Settlement> {
    const own = challenge.creatorId === userId;
    const status = grade.passed ? ("passed" as const) : ("failed" as const);
    const base = attemptPayout({ ...challenge, passed: grade.passed, ownChallenge: own, score: grade.score });
    const payout =
      grade.passed && !own
        ? playerContentPayout(base, await this.playerContentFacts(tx, userId, challenge))
        : { ...base, countsForProgress: true };
    // A creator solving their own challenge advances nothing: no rewards, no quest or badge progress.
    // Nor does a solve that player-made content rules pay nothing or only the unproven amount for.
    const grant = own
      ? undefined
      : await this.deps.progression.grantInTx(tx, {
          userId,
          ref: grade.passed ? `challenge:${challenge.id}` : `attempt:${attemptId}`,
          reason: "challenge",
          xp: payout.xp,
          coins: payout.coins,
          events: payout.countsForProgress ? [{ kind: "challenge_attempt", status }] : [],
        });
    const applied = grant?.result.applied ? grant.result : undefined;
    const paid = applied !== undefined && grade.passed && (payout.xp > 0 || payout.coins > 0);
    const rewards: AttemptRewards = {
      xp: paid ? applied.xpGained : 0,
      coins: paid ? applied.coinsGained : 0,
      ...(applied
        ? { levelBefore: applied.levelBefore, levelAfter: applied.levelAfter }
        : await this.currentLevel(tx, userId)),
      // A failed attempt pays nothing but may still complete a badge (badges are honours).
      achievements: applied?.badgesUnlocked ?? [],
      ...(paid
        ? {}
        : {
            reason: !grade.passed
              ? "failed"
              : own
                ? "own_challenge"
                : applied
                  ? (payout.reason ?? "already_rewarded")
                  : "already_rewarded",
          }),
    };
    await tx
      .update(attempts)
      .set({
        status,
        score: grade.score,
        xpAwarded: rewards.xp,
        coinsAwarded: rewards.coins,
        results: grade.results,
        submittedAt: this.deps.clock.date(),
      })
      .where(eq(attempts.id, attemptId));
    return { rewards, ...(grant ? { grant } : {}) };
  }

  /**
   * The facts the player-content rule (shared/src/rules/playerContentRewards.ts) needs about a pass.
   * Settlements of one solver take a lock so that parallel passes cannot both fit under the daily cap.
   */
  private async playerContentFacts(tx: Tx, userId: string, challenge: ChallengeRow): Promise<PlayerContentFacts> {
    const now = this.deps.clock.now();
    const [creator] = challenge.creatorId
      ? await tx
          .select({ role: users.role, network: users.registrationNetwork })
          .from(users)
          .where(eq(users.id, challenge.creatorId))
      : [];
    const serverMade = challenge.contentKey !== null || creator?.role === "admin";
    const noEarnings = { xp: 0, coins: 0 };
    if (serverMade) {
      return {
        serverMade,
        linkedToCreator: false,
        solverAccountAgeMs: 0,
        provenSolvers: 0,
        earnedInWindow: noEarnings,
      };
    }
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`player-content:${userId}`}, 0))`);
    const [solver] = await tx.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, userId));
    const creatorNetwork = creator?.network ?? null;
    const linkedToCreator =
      challenge.creatorId !== null && (await this.deps.accountLinks.linked(userId, challenge.creatorId, tx));
    // Distinct earlier solvers whose accounts were established when they passed, and not linked to the creator.
    const [proven] = await tx
      .select({ solvers: sql<number>`count(distinct ${attempts.userId})`.mapWith(Number) })
      .from(attempts)
      .innerJoin(users, eq(users.id, attempts.userId))
      .where(
        and(
          eq(attempts.challengeId, challenge.id),
          eq(attempts.status, "passed"),
          sql`${attempts.userId} is distinct from ${challenge.creatorId}`,
          sql`${users.createdAt} <= ${attempts.submittedAt} - ${`${ESTABLISHED_ACCOUNT_AGE_MS} milliseconds`}::interval`,
          sql`(${users.registrationNetwork} is null or ${users.registrationNetwork} is distinct from ${creatorNetwork})`,
        ),
      );
    // What this solver earned from player-made challenges (not seeded, creator not an admin) in the window.
    const [earned] = await tx
      .select({
        xp: sql<number>`coalesce(sum(${attempts.xpAwarded}), 0)`.mapWith(Number),
        coins: sql<number>`coalesce(sum(${attempts.coinsAwarded}), 0)`.mapWith(Number),
      })
      .from(attempts)
      .innerJoin(challenges, eq(challenges.id, attempts.challengeId))
      .leftJoin(creators, eq(creators.id, challenges.creatorId))
      .where(
        and(
          eq(attempts.userId, userId),
          eq(attempts.status, "passed"),
          gt(attempts.submittedAt, new Date(now - PLAYER_CONTENT_WINDOW_MS)),
          sql`${challenges.contentKey} is null`,
          sql`coalesce(${creators.role}, 'player') <> 'admin'`,
        ),
      );
    return {
      serverMade,
      linkedToCreator,
      solverAccountAgeMs: solver ? now - solver.createdAt.getTime() : 0,
      provenSolvers: proven?.solvers ?? 0,
      earnedInWindow: earned ?? noEarnings,
    };
  }

  private async currentLevel(tx: Tx, userId: string): Promise<{ levelBefore: number; levelAfter: number }> {
    const [row] = await tx.select({ level: profiles.level }).from(profiles).where(eq(profiles.userId, userId));
    const level = row?.level ?? 1;
    return { levelBefore: level, levelAfter: level };
  }
}

function toAttempt(
  row: typeof attempts.$inferSelect,
  challenge: { title: string; type: ChallengeRow["type"] },
): Attempt {
  return {
    id: row.id,
    challengeId: row.challengeId,
    challengeTitle: challenge.title,
    challengeType: challenge.type,
    status: row.status,
    score: row.score,
    xpAwarded: row.xpAwarded,
    coinsAwarded: row.coinsAwarded,
    results: row.results ?? null,
    startedAt: row.startedAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
  };
}
