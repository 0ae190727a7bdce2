import { badgeListResponse, badgeSchema, createBadgeBody, earnedBadgeListResponse, userIdParam } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** The badge routes of docs/api.md: catalogue, earned badges, and admin creation. */
export function badgeRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["badges"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/badges",
      summary: "Every badge with its condition",
      tags,
      response: badgeListResponse,
      handler: () => ctx.badges.list(),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/badges/me",
      summary: "Badges the signed-in player earned",
      tags,
      response: earnedBadgeListResponse,
      handler: ({ user }) => ctx.badges.earnedBy(user.id),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/badges/users/:userId",
      summary: "Badges a player earned",
      tags,
      params: userIdParam,
      response: earnedBadgeListResponse,
      errors: [404],
      handler: ({ params }) => ctx.badges.earnedBy(params.userId),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/badges",
      summary: "Create a badge with a JSON condition (admin only); a malformed condition is a 400 naming it",
      tags,
      body: createBadgeBody,
      status: 201,
      response: badgeSchema,
      errors: [400, 403, 409],
      handler: ({ body, user }) => {
        if (user.role !== "admin") throw forbidden("Only an admin can create badges");
        return ctx.badges.create(body, user.id);
      },
    }),
  ];
}
