import {
  dungeonListResponse,
  liveBattlesQuery,
  liveBattlesResponse,
  startBattleBody,
  startBattleResponse,
} from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { liveBattles, seatInDungeon } from "../../rooms/dungeon/dungeonSeats.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Dungeons and their battles (docs/api.md, Game). */
export function dungeonRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["dungeons"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/dungeons",
      summary: "Dungeons, locked when the caller's level is below their requirement",
      tags,
      response: dungeonListResponse,
      handler: async ({ user }) => ({ items: await ctx.dungeons.list(user.id) }),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/dungeons/battle",
      summary: "A seat in a dungeon party: a new one, or the party of partyRoomId (an invitation)",
      tags,
      body: startBattleBody,
      status: 201,
      response: startBattleResponse,
      errors: [400, 404, 409, 422],
      handler: ({ user, body }) => seatInDungeon(ctx, user, body),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/battles/live",
      summary: "Battles open to spectators (join with joinById(roomId, {spectate: true, token}))",
      tags,
      query: liveBattlesQuery,
      response: liveBattlesResponse,
      handler: async ({ query }) => ({ items: await liveBattles(query.limit) }),
    }),
  ];
}
