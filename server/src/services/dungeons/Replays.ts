import {
  type BattleOutcome,
  type BattleReplay,
  ErrorCode,
  type PartyMember,
  publicReplay,
  type ReplaySummary,
  outcomeOf,
} from "@levelup/shared";
import { and, desc, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { battles, dungeons } from "../../db/schema.ts";
import { AppError } from "../../errors.ts";
import { afterCursor, pageOf } from "../paging.ts";
import { rebuildBattle } from "./DungeonBattles.ts";

/** What settle() stores in `battles.result` (older rows have no outcome yet). */
interface StoredResult {
  outcome?: BattleOutcome;
  replayMatches?: boolean;
}

const FINISHED = ["victory", "defeat"] as const;

/** The columns a replay summary is made from (the list and a player's recent battles). */
const summaryColumns = {
  id: battles.id,
  dungeonId: battles.dungeonId,
  status: battles.status,
  round: battles.round,
  party: battles.party,
  endedAt: battles.endedAt,
};

/** A stored result that is known not to replay to its end is not offered (settle() logged it). */
const offered = sql`coalesce((${battles.result} ->> 'replayMatches')::boolean, true)`;

/**
 * Finished battles as replays anyone may watch: read-only, and nothing in them names an account
 * (seat ids instead of user ids) or shows an inventory (publicReplay in shared/src/rules/replay.ts).
 */
export class Replays {
  constructor(private readonly deps: { db: Db }) {}

  /** One finished battle's replay; 404 for an unknown id, a battle still running, or one whose log does not replay. */
  async replay(battleId: string): Promise<BattleReplay> {
    const [row] = await this.deps.db
      .select()
      .from(battles)
      .where(and(eq(battles.id, battleId), inArray(battles.status, [...FINISHED]), isNotNull(battles.endedAt), offered))
      .limit(1);
    if (!row?.endedAt) throw new AppError(404, ErrorCode.NOT_FOUND, "Replay not found");
    const stored = (row.result ?? {}) as StoredResult;
    // Battles settled before outcomes were stored: their end is what their log replays to.
    const outcome = stored.outcome ?? outcomeOf(rebuildBattle(row));
    const shown = publicReplay({
      party: row.party,
      actions: row.actions,
      outcome,
    });
    return {
      id: row.id,
      dungeonId: row.dungeonId,
      seed: row.seed,
      party: shown.party,
      actions: shown.actions,
      result: shown.outcome,
      startedAt: row.createdAt.toISOString(),
      endedAt: row.endedAt.toISOString(),
    };
  }

  /**
   * `recent`: finished battles, newest first, paged by cursor. `best`: victories in the hardest
   * dungeons in the fewest rounds (ties: newest), the top `limit` only.
   */
  async list(query: { order: "recent" | "best"; limit: number; cursor?: string }) {
    const { db } = this.deps;
    if (query.order === "best") {
      const rows = await db
        .select(summaryColumns)
        .from(battles)
        .innerJoin(dungeons, eq(dungeons.id, battles.dungeonId))
        .where(and(eq(battles.status, "victory"), isNotNull(battles.endedAt), offered))
        .orderBy(desc(dungeons.difficulty), asc(battles.round), desc(battles.endedAt), desc(battles.id))
        .limit(query.limit);
      return { items: rows.map(summaryOf), nextCursor: null };
    }
    const rows = await db
      .select(summaryColumns)
      .from(battles)
      .where(
        and(
          isNotNull(battles.endedAt),
          inArray(battles.status, [...FINISHED]),
          offered,
          afterCursor(battles.endedAt, battles.id, query.cursor),
        ),
      )
      .orderBy(desc(battles.endedAt), desc(battles.id))
      .limit(query.limit + 1);
    const { page, nextCursor } = pageOf(rows, query.limit, (r) => ({ at: r.endedAt, id: r.id }));
    return { items: page.map(summaryOf), nextCursor };
  }

  /**
   * The last `limit` finished battles `userId` fought in, newest first (the dashboard). The party
   * is matched by containment; there is no index on it, which is fine while battles number in
   * the thousands — a (user, battle) table would be the next step.
   */
  async recentOf(userId: string, limit: number): Promise<ReplaySummary[]> {
    const rows = await this.deps.db
      .select(summaryColumns)
      .from(battles)
      .where(
        and(
          inArray(battles.status, [...FINISHED]),
          isNotNull(battles.endedAt),
          offered,
          sql`${battles.party} @> ${JSON.stringify([{ id: userId }])}::jsonb`,
        ),
      )
      .orderBy(desc(battles.endedAt), desc(battles.id))
      .limit(limit);
    return rows.map(summaryOf);
  }
}

function summaryOf(row: {
  id: string;
  dungeonId: string;
  status: string;
  round: number;
  party: PartyMember[];
  endedAt: Date | null;
}): ReplaySummary {
  return {
    id: row.id,
    dungeonId: row.dungeonId,
    phase: row.status === "victory" ? "victory" : "defeat",
    round: row.round,
    players: row.party.map((m) => ({ name: m.name, level: m.level, element: m.element })),
    endedAt: (row.endedAt ?? new Date(0)).toISOString(),
  };
}
