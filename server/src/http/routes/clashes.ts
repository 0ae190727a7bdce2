import {
  clashJoinBody,
  clashLadderQuery,
  clashLadderResponse,
  clashQueueBody,
  clashSeatResponse,
  liveClashesQuery,
  liveClashesResponse,
} from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { inviteToClash, joinClash, liveClashes, queueForClash } from "../../rooms/clash/clashSeats.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Code clashes: seats (queue, invitation, link), the live list and the ladder (docs/api.md, "Clashes"). */
export function clashRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["clashes"];
  return [
    defineRoute({
      method: "post",
      path: "/api/game/clashes/queue",
      summary: "A seat in a public clash lobby near the caller's rating (same language bucket), or a new lobby",
      tags,
      body: clashQueueBody,
      status: 201,
      response: clashSeatResponse,
      errors: [400, 409, 503],
      handler: ({ user, body }) => queueForClash(ctx, user, body),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/clashes/invite",
      summary: "A new private clash lobby, joined only by its link (POST /api/game/clashes/join)",
      tags,
      status: 201,
      response: clashSeatResponse,
      errors: [409],
      handler: ({ user }) => inviteToClash(ctx, user),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/clashes/join",
      summary: "A seat in the clash lobby of an invitation link",
      tags,
      body: clashJoinBody,
      status: 201,
      response: clashSeatResponse,
      errors: [400, 404, 409],
      handler: ({ user, body }) => joinClash(ctx, user, body),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/clashes/live",
      summary: "Public clashes not over, most watched first (watch with joinById(roomId, {spectate: true, token}))",
      tags,
      query: liveClashesQuery,
      response: liveClashesResponse,
      handler: async ({ query }) => ({ items: await liveClashes(query.limit) }),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/clashes/ladder",
      summary: "The clash ladder: the top, the caller's place and their neighbours",
      tags,
      query: clashLadderQuery,
      response: clashLadderResponse,
      handler: ({ user, query }) => ctx.clashes.ladder(user.id, query.limit),
    }),
  ];
}
