import {
  CLASH_MAX_PLAYERS,
  CLASH_PAID_PER_DAY,
  calendarDay,
  clashModeSchema,
  type clashLadderResponse,
  isProvisionalClashRating,
} from "@levelup/shared";
import { asc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "../../db/client.ts";
import { clashPaidDays, clashRatings, clashResults, type StoredClashStanding, users } from "../../db/schema.ts";
import type { Logger } from "../../logger.ts";
import { parseInput } from "../../validation.ts";
import type { Clock } from "../clock.ts";
import type { GrantInput, PendingGrant, Progression } from "../progression/Progression.ts";
import { readLadder } from "./ClashLadder.ts";
import { type GlickoRating, NEWCOMER_RATING } from "./glickoRace.ts";
import { type PlannedLine, planSettlement } from "./settlementPlan.ts";
import type { ClashPlayerOutcome, ClashSettlement, ClashSettlementInput, ClashesService } from "./types.ts";

export interface ClashesDeps {
  db: Db;
  clock: Clock;
  progression: Progression;
  logger: Logger;
}

const count = z.number().int().min(0);
/** What the room hands over; checked like any input so that a bad call changes nothing. */
const settlementInput = z
  .strictObject({
    clashId: z.string().min(1).max(64),
    mode: clashModeSchema,
    difficulty: z.enum(["easy", "medium", "hard"]),
    problemId: z.string().min(1).max(64),
    startedAt: z.date(),
    players: z
      .array(
        z.strictObject({
          userId: z.uuid(),
          place: z.number().int().min(1).max(CLASH_MAX_PLAYERS),
          passed: count,
          total: count,
          timeMs: count.nullable(),
          codeLength: count.nullable(),
          forfeited: z.boolean(),
        }),
      )
      .min(1)
      .max(CLASH_MAX_PLAYERS),
  })
  .refine((i) => new Set(i.players.map((p) => p.userId)).size === i.players.length, {
    message: "each player once",
    path: ["players"],
  })
  .refine((i) => i.players.every((p) => p.passed <= p.total), {
    message: "passed cannot exceed total",
    path: ["players"],
  });

/**
 * Clash ratings, settlement and ladder (docs/game-rules.md, "Clashes"). A clash is settled once,
 * in one transaction, by whichever call inserts its result row first; nothing is written for a
 * clash before its end, so a process that dies mid-clash leaves no trace of it ("no contest").
 */
export class Clashes implements ClashesService {
  constructor(private readonly deps: ClashesDeps) {}

  async ratingOf(userId: string): Promise<{ rating: number; deviation: number; games: number; provisional: boolean }> {
    const [row] = await this.deps.db
      .select({ rating: clashRatings.rating, deviation: clashRatings.deviation, games: clashRatings.games })
      .from(clashRatings)
      .where(eq(clashRatings.userId, userId));
    const { rating, deviation, games } = row ?? { ...NEWCOMER_RATING, games: 0 };
    return {
      rating: Math.round(rating),
      deviation: Math.round(deviation),
      games,
      provisional: isProvisionalClashRating(games),
    };
  }

  async settle(raw: ClashSettlementInput): Promise<ClashSettlement> {
    const input = parseInput(settlementInput, raw, "clash settlement");
    const { settlement, grants } = await this.deps.db.transaction((tx) => this.settleInTx(tx, input));
    for (const grant of grants) {
      await grant
        .publish()
        .catch((err) => this.deps.logger.warn({ err, clashId: input.clashId }, "clash reward push failed"));
    }
    return settlement;
  }

  ladder(userId: string, limit: number): Promise<z.infer<typeof clashLadderResponse>> {
    return readLadder(this.deps.db, userId, limit);
  }

  private async settleInTx(
    tx: Tx,
    input: ClashSettlementInput,
  ): Promise<{ settlement: ClashSettlement; grants: PendingGrant[] }> {
    const now = this.deps.clock.date();
    // The claim: a second settlement of this clash (a retry, another process) waits here for the
    // first one's commit, then finds the row and returns what it stored.
    const [claimed] = await tx
      .insert(clashResults)
      .values({
        clashId: input.clashId,
        mode: input.mode,
        difficulty: input.difficulty,
        problemId: input.problemId,
        startedAt: input.startedAt,
        endedAt: now,
        rated: false,
        standings: [],
      })
      .onConflictDoNothing()
      .returning({ clashId: clashResults.clashId });
    if (!claimed) return { settlement: await this.stored(tx, input.clashId), grants: [] };

    // Locks are taken in user id order, by every settlement alike, so two of them never deadlock.
    const ids = input.players.map((p) => p.userId).sort();
    const ratingRows = await tx
      .select()
      .from(clashRatings)
      .where(inArray(clashRatings.userId, ids))
      .orderBy(asc(clashRatings.userId))
      .for("update");
    const userRows = await tx
      .select({ id: users.id, network: users.registrationNetwork, timeZone: users.timeZone })
      .from(users)
      .where(inArray(users.id, ids));
    const ratings = new Map<string, GlickoRating>(ids.map((id) => [id, NEWCOMER_RATING]));
    for (const r of ratingRows) ratings.set(r.userId, r);
    const games = new Map(ratingRows.map((r) => [r.userId, r.games]));
    const plan = planSettlement(input, ratings, new Map(userRows.map((u) => [u.id, u.network])));
    const timeZones = new Map(userRows.map((u) => [u.id, u.timeZone]));

    const lines = [...plan.lines].sort((a, b) => a.result.userId.localeCompare(b.result.userId));
    const paid = new Map<string, { xp: number; coins: number }>();
    const toPay: GrantInput[] = [];
    for (const line of lines.filter((l) => l.rated)) {
      await this.storeRating(tx, line, now);
      const reward = (await this.underDailyCap(tx, line, timeZones.get(line.result.userId), now))
        ? line.reward
        : { xp: 0, coins: 0 };
      paid.set(line.result.userId, reward);
      if (reward.xp === 0 && reward.coins === 0 && !line.won) continue;
      toPay.push({
        userId: line.result.userId,
        ref: `clash:${input.clashId}`,
        reason: "clash",
        xp: reward.xp,
        coins: reward.coins,
        // A win past the daily cap still counts for quests and badges: those pay once a period.
        events: line.won ? [{ kind: "clash_win" }] : [],
      });
    }
    // Every player paid with one set of statements (Progression.grantAllInTx).
    const grants = await this.deps.progression.grantAllInTx(tx, toPay);

    const standings: StoredClashStanding[] = plan.lines.map((line) => {
      const gamesBefore = games.get(line.result.userId) ?? 0;
      const reward = paid.get(line.result.userId) ?? { xp: 0, coins: 0 };
      return {
        ...line.result,
        rated: line.rated,
        ratingBefore: Math.round(line.before.rating),
        ratingAfter: Math.round(line.after.rating),
        provisional: isProvisionalClashRating(gamesBefore + (line.rated ? 1 : 0)),
        ...reward,
      };
    });
    await tx.update(clashResults).set({ rated: plan.rated, standings }).where(eq(clashResults.clashId, input.clashId));
    return { settlement: { rated: plan.rated, outcomes: standings.map(outcomeOf) }, grants };
  }

  /** The new rating of a rated player, with one more game (and win). */
  private async storeRating(tx: Tx, line: PlannedLine, now: Date): Promise<void> {
    const { rating, deviation, volatility } = line.after;
    const win = line.won ? 1 : 0;
    await tx
      .insert(clashRatings)
      .values({ userId: line.result.userId, rating, deviation, volatility, games: 1, wins: win, updatedAt: now })
      .onConflictDoUpdate({
        target: clashRatings.userId,
        set: {
          rating,
          deviation,
          volatility,
          games: sql`${clashRatings.games} + 1`,
          wins: sql`${clashRatings.wins} + ${win}`,
          updatedAt: now,
        },
      });
  }

  /**
   * Whether this clash's reward may be paid: it takes one of the player's CLASH_PAID_PER_DAY paid
   * clashes of their own day, counted by one conditional upsert (no row back: the day is full).
   */
  private async underDailyCap(tx: Tx, line: PlannedLine, timeZone: string | undefined, now: Date): Promise<boolean> {
    if (line.reward.xp === 0 && line.reward.coins === 0) return false;
    const day = calendarDay(now.getTime(), timeZone);
    const counted = await tx
      .insert(clashPaidDays)
      .values({ userId: line.result.userId, day, paid: 1 })
      .onConflictDoUpdate({
        target: [clashPaidDays.userId, clashPaidDays.day],
        set: { paid: sql`${clashPaidDays.paid} + 1` },
        setWhere: sql`${clashPaidDays.paid} < ${CLASH_PAID_PER_DAY}`,
      })
      .returning({ paid: clashPaidDays.paid });
    return counted.length > 0;
  }

  private async stored(tx: Tx, clashId: string): Promise<ClashSettlement> {
    const [row] = await tx
      .select({ rated: clashResults.rated, standings: clashResults.standings })
      .from(clashResults)
      .where(eq(clashResults.clashId, clashId));
    if (!row) throw new Error(`clash ${clashId} claimed but not stored`);
    return { rated: row.rated, outcomes: row.standings.map(outcomeOf) };
  }
}

function outcomeOf(s: StoredClashStanding): ClashPlayerOutcome {
  return {
    userId: s.userId,
    ratingBefore: s.ratingBefore,
    ratingAfter: s.ratingAfter,
    provisional: s.provisional,
    xp: s.xp,
    coins: s.coins,
  };
}
