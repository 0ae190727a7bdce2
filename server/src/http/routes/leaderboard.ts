import { leaderboardQuery, leaderboardResponse, userIdParam, userProgressResponse } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Rankings and a player's public progress (docs/api.md). */
export function leaderboardRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["leaderboard"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/leaderboard",
      summary:
        "Top players by total XP (period=all) or by this week's XP (period=weekly); ties: who got there first; bots are never ranked. Public: readable without a token (rate-limited per network), cacheable",
      tags,
      auth: "public",
      // Boards move with every grant: a short cache still absorbs a crowd of anonymous readers.
      cacheSeconds: 15,
      // The top 100 is one cached page per board version (RedisLeaderboard.top), the same object for every reader.
      sharedBodies: true,
      query: leaderboardQuery,
      response: leaderboardResponse,
      handler: ({ query }) => ctx.leaderboard.top(query.period, query.limit, ctx.clock.now(), query.offset),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/leaderboard/users/:userId/progress",
      summary: "A player's level, XP, all-time rank, attempts, badges and streak",
      tags,
      params: userIdParam,
      response: userProgressResponse,
      errors: [404],
      handler: ({ params }) => ctx.playerProfiles.progress(params.userId),
    }),
  ];
}
