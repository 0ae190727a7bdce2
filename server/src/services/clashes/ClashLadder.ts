import { type ClashRating, type clashLadderResponse, isProvisionalClashRating } from "@levelup/shared";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client.ts";
import { clashRatings, users } from "../../db/schema.ts";

/** How many neighbours the ladder shows on each side of the caller. */
const NEIGHBOURS = 2;

const columns = {
  userId: clashRatings.userId,
  username: users.username,
  rating: clashRatings.rating,
  deviation: clashRatings.deviation,
  games: clashRatings.games,
  wins: clashRatings.wins,
};
type Row = { userId: string; username: string; rating: number; deviation: number; games: number; wins: number };

/** The ladder's order, best first: rating, then more games, then user id (every row has its own place). */
const bestFirst = [desc(clashRatings.rating), desc(clashRatings.games), asc(clashRatings.userId)];
const worstFirst = [asc(clashRatings.rating), asc(clashRatings.games), desc(clashRatings.userId)];

/** Rows placed before `me` in the ladder's order. */
function ahead(me: Row): SQL {
  return sql`(${clashRatings.rating} > ${me.rating}
    or (${clashRatings.rating} = ${me.rating} and ${clashRatings.games} > ${me.games})
    or (${clashRatings.rating} = ${me.rating} and ${clashRatings.games} = ${me.games} and ${clashRatings.userId} < ${me.userId}))`;
}

/** Rows placed after `me`. */
function behind(me: Row): SQL {
  return sql`(${clashRatings.rating} < ${me.rating}
    or (${clashRatings.rating} = ${me.rating} and ${clashRatings.games} < ${me.games})
    or (${clashRatings.rating} = ${me.rating} and ${clashRatings.games} = ${me.games} and ${clashRatings.userId} > ${me.userId}))`;
}

function standing(row: Row, rank: number): ClashRating {
  return {
    userId: row.userId,
    username: row.username,
    rating: Math.round(row.rating),
    deviation: Math.round(row.deviation),
    games: row.games,
    wins: row.wins,
    provisional: isProvisionalClashRating(row.games),
    rank,
  };
}

/**
 * GET /api/game/clashes/ladder: the best `limit` players, the caller's own line (null until their
 * first rated clash) and the two players above and below them. Load-test bots are left out, as on
 * the XP leaderboards (services/leaderboard/SqlLeaderboard.ts).
 */
export async function readLadder(db: Db, userId: string, limit: number): Promise<z.infer<typeof clashLadderResponse>> {
  const n = Math.min(100, Math.max(1, Math.floor(limit)));
  const players = () =>
    db.select(columns).from(clashRatings).innerJoin(users, eq(users.id, clashRatings.userId)).$dynamic();
  const notBot = eq(users.isBot, false);

  const top = await players()
    .where(notBot)
    .orderBy(...bestFirst)
    .limit(n);
  const [mine] = await players().where(and(notBot, eq(clashRatings.userId, userId)));
  if (!mine) return { top: top.map((row, i) => standing(row, i + 1)), me: null, neighbours: [] };

  const [count] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(clashRatings)
    .innerJoin(users, eq(users.id, clashRatings.userId))
    .where(and(notBot, ahead(mine)));
  const rank = (count?.n ?? 0) + 1;
  const above = await players()
    .where(and(notBot, ahead(mine)))
    .orderBy(...worstFirst)
    .limit(NEIGHBOURS);
  const below = await players()
    .where(and(notBot, behind(mine)))
    .orderBy(...bestFirst)
    .limit(NEIGHBOURS);
  return {
    top: top.map((row, i) => standing(row, i + 1)),
    me: standing(mine, rank),
    neighbours: [
      ...above.reverse().map((row, i, all) => standing(row, rank - (all.length - i))),
      ...below.map((row, i) => standing(row, rank + 1 + i)),
    ],
  };
}
