import { profileResponse } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** GET /api/game/profile (docs/api.md). */
export function profileRoutes(ctx: AppContext): RouteSpec[] {
  return [
    defineRoute({
      method: "get",
      path: "/api/game/profile",
      summary: "The signed-in player's profile: level, XP, balances, streak, statistics and equipped gear",
      tags: ["progression"],
      response: profileResponse,
      handler: ({ user }) => ctx.playerProfiles.profile(user.id),
    }),
  ];
}
