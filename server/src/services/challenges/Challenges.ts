import { and, asc, desc, eq, ilike, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import {
  type CreateChallengeBody,
  type ReviewQueuePage,
  type ReviewQueueQuery,
  ErrorCode,
  type ListChallengesQuery,
  type PublicChallenge,
  rewardCaps,
  type UpdateChallengeBody,
  withinRewardCaps,
} from "@levelup/shared";
import type { Db } from "../../db/client.ts";
import { challenges, users } from "../../db/schema.ts";
import { AppError, badRequest, forbidden, notFound } from "../../errors.ts";
import type { AuthUser } from "../auth/tokens.ts";
import type { Clock } from "../clock.ts";
import type { RateLimit } from "../rateLimits.ts";
import { hashAnswer } from "./answerHash.ts";
import type { ChallengeRow } from "./ChallengeGrader.ts";
import { toPublicChallenge } from "./challengeViews.ts";
import { isUuid } from "../ids.ts";
import { afterCursor, pageOf } from "../paging.ts";

export interface ChallengesDeps {
  db: Db;
  clock: Clock;
  /** Challenge creations per player (admins are not limited). */
  createLimit: RateLimit;
}

/**
 * The challenge catalogue: listing and reading public views, and the creator's (or an admin's)
 * create, update and soft delete. Deleting hides a challenge but keeps its attempts and the
 * rewards they paid.
 */
export class Challenges {
  constructor(private readonly deps: ChallengesDeps) {}

  async list(query: ListChallengesQuery): Promise<{ items: PublicChallenge[]; nextCursor: string | null }> {
    const where: (SQL | undefined)[] = [isNull(challenges.deletedAt)];
    if (query.type) where.push(eq(challenges.type, query.type));
    if (query.difficulty) where.push(eq(challenges.difficulty, query.difficulty));
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(or(ilike(challenges.title, pattern), ilike(challenges.description, pattern)));
    }
    where.push(afterCursor(challenges.createdAt, challenges.id, query.cursor));
    const rows = await this.deps.db
      .select()
      .from(challenges)
      .where(and(...where))
      .orderBy(desc(challenges.createdAt), desc(challenges.id))
      .limit(query.limit + 1);
    const { page, nextCursor } = pageOf(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }));
    return { items: page.map(toPublicChallenge), nextCursor };
  }

  async get(id: string): Promise<PublicChallenge> {
    return toPublicChallenge(await this.find(id));
  }

  /** The stored row of a challenge that was not deleted (404 otherwise); server-side only. */
  async find(id: string): Promise<ChallengeRow> {
    if (!isUuid(id)) throw notFound("Challenge");
    const [row] = await this.deps.db
      .select()
      .from(challenges)
      .where(and(eq(challenges.id, id), isNull(challenges.deletedAt)))
      .limit(1);
    if (!row) throw notFound("Challenge");
    return row;
  }

  async create(user: AuthUser, body: CreateChallengeBody): Promise<PublicChallenge> {
    if (user.role !== "admin") await this.deps.createLimit.consume(user.id);
    checkCaps(user, body);
    const now = this.deps.clock.date();
    const [row] = await this.deps.db
      .insert(challenges)
      .values({
        type: body.type,
        title: body.title,
        description: body.description,
        difficulty: body.difficulty,
        xpReward: body.xpReward,
        coinReward: body.coinReward,
        creatorId: user.id,
        ...(await typeFields(body)),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    return toPublicChallenge(row as ChallengeRow);
  }

  async update(user: AuthUser, id: string, body: UpdateChallengeBody): Promise<PublicChallenge> {
    const current = await this.find(id);
    checkOwner(user, current);
    if (body.type !== current.type) {
      throw new AppError(422, ErrorCode.TYPE_MISMATCH, `This challenge is ${current.type}; its type cannot change`);
    }
    const merged = {
      difficulty: body.difficulty ?? current.difficulty,
      xpReward: body.xpReward ?? current.xpReward,
      coinReward: body.coinReward ?? current.coinReward,
    };
    checkCaps(user, merged);
    if (body.type === "SYSTEM_DESIGN") {
      const ids = new Set((body.choices ?? current.choices ?? []).map((c) => c.id));
      const correct = body.correctChoices ?? current.correctChoices ?? [];
      if (!correct.every((c) => ids.has(c))) throw badRequest("correctChoices must name ids of choices");
    }
    const [row] = await this.deps.db
      .update(challenges)
      .set({ ...commonFields(body), ...(await typeFields(body)), updatedAt: this.deps.clock.date() })
      .where(eq(challenges.id, current.id))
      .returning();
    return toPublicChallenge(row as ChallengeRow);
  }

  /** Soft delete: the challenge disappears from lists and can no longer be attempted. */
  async remove(user: AuthUser, id: string): Promise<void> {
    const current = await this.find(id);
    checkOwner(user, current);
    await this.deps.db
      .update(challenges)
      .set({ deletedAt: this.deps.clock.date() })
      .where(eq(challenges.id, current.id));
  }

  /** Player-made challenges for an admin's review (the route checks the role), oldest first. */
  async reviewQueue(query: ReviewQueueQuery): Promise<ReviewQueuePage> {
    const status =
      query.status === "pending"
        ? isNull(challenges.reviewedAt)
        : query.status === "approved"
          ? isNotNull(challenges.reviewedAt)
          : undefined;
    const rows = await this.deps.db
      .select({ challenge: challenges, creatorName: users.username })
      .from(challenges)
      .leftJoin(users, eq(users.id, challenges.creatorId))
      .where(and(isNull(challenges.deletedAt), playerMade, status))
      .orderBy(asc(challenges.createdAt), asc(challenges.id))
      .limit(query.limit + 1)
      .offset(query.offset);
    return {
      items: rows.slice(0, query.limit).map((r) => ({
        ...toPublicChallenge(r.challenge),
        creatorName: r.creatorName,
        reviewedAt: r.challenge.reviewedAt?.toISOString() ?? null,
      })),
      nextOffset: rows.length > query.limit ? query.offset + query.limit : null,
    };
  }

  /**
   * An admin's decision on a challenge that is still listed: `approve` records the review,
   * `hide` also soft-deletes it (as `remove` does). Reviewing again overwrites the earlier review.
   */
  async review(admin: AuthUser, id: string, decision: "approve" | "hide") {
    if (admin.role !== "admin") throw forbidden("Only an admin can review challenges");
    const current = await this.find(id);
    const now = this.deps.clock.date();
    await this.deps.db
      .update(challenges)
      .set({ reviewedAt: now, reviewedBy: admin.id, ...(decision === "hide" ? { deletedAt: now } : {}) })
      .where(eq(challenges.id, current.id));
    return { id: current.id, decision, reviewedAt: now.toISOString() };
  }
}

/** Made by a player: not from the content files, and not by an admin (a deleted creator counts as a player). */
const playerMade = and(isNull(challenges.contentKey), sql`coalesce(${users.role}, 'player') <> 'admin'`);

function checkOwner(user: AuthUser, challenge: ChallengeRow): void {
  if (user.role !== "admin" && challenge.creatorId !== user.id) {
    throw forbidden("Only the creator of this challenge or an admin may change it");
  }
}

/** Players' challenges pay at most 100 XP and 50 coins per difficulty point; admins may exceed that. */
function checkCaps(user: AuthUser, r: { difficulty: number; xpReward: number; coinReward: number }): void {
  if (user.role === "admin" || withinRewardCaps(r)) return;
  const caps = rewardCaps(r.difficulty);
  throw new AppError(
    422,
    ErrorCode.REWARD_CAP_EXCEEDED,
    `At difficulty ${r.difficulty} a challenge may pay at most ${caps.xp} XP and ${caps.coins} coins`,
    { maxXpReward: caps.xp, maxCoinReward: caps.coins },
  );
}

type ChallengeWrite = Partial<typeof challenges.$inferInsert>;

/** The common fields an update names; absent ones keep their value. */
function commonFields(body: UpdateChallengeBody): ChallengeWrite {
  const { title, description, difficulty, xpReward, coinReward } = body;
  return Object.fromEntries(
    Object.entries({ title, description, difficulty, xpReward, coinReward }).filter(([, v]) => v !== undefined),
  );
}

/** The per-type columns of a create or update; a flag is stored only as its salted hash. */
async function typeFields(body: CreateChallengeBody | UpdateChallengeBody): Promise<ChallengeWrite> {
  const fields: ChallengeWrite = {};
  switch (body.type) {
    case "CTF":
    case "BUG_BOUNTY":
      if (body.answer !== undefined) fields.answerHash = await hashAnswer(body.answer);
      break;
    case "SYSTEM_DESIGN":
      if (body.choices !== undefined) fields.choices = body.choices;
      if (body.correctChoices !== undefined) fields.correctChoices = [...new Set(body.correctChoices)];
      break;
    case "CODE":
      if (body.language !== undefined) fields.language = body.language;
      if (body.starterCode !== undefined) fields.starterCode = body.starterCode;
      if (body.tests !== undefined) fields.tests = body.tests;
      break;
  }
  return fields;
}
