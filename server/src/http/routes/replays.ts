import { battleReplay, replayListQuery, replayListResponse, replayParams } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Replays of finished battles: one by id for anyone (a shareable link), lists for the Spectate page. */
export function replayRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["replays"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/battles/:id/replay",
      summary:
        "A finished battle to replay with the shared engine: dungeon, party (seat ids, public stats), seed, actions, stored result. No token needed",
      tags,
      auth: false,
      params: replayParams,
      response: battleReplay,
      errors: [400, 404],
      handler: ({ params }) => ctx.replays.replay(params.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/replays",
      summary:
        "Finished battles to watch again: `recent` (newest first, paged) or `best` (hardest dungeons, fewest rounds)",
      tags,
      query: replayListQuery,
      response: replayListResponse,
      errors: [400],
      handler: ({ query }) => ctx.replays.list(query),
    }),
  ];
}
