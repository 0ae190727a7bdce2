import { dashboardResponse, profileResponse } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** GET /api/game/profile and GET /api/game/dashboard (docs/api.md). */
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
    defineRoute({
      method: "get",
      path: "/api/game/dashboard",
      summary:
        "The signed-in player's dashboard in one read: level, streak, today's XP, quests with progress, the last coding sessions and battles, badges nearly earned",
      tags: ["progression"],
      response: dashboardResponse,
      handler: ({ user }) => ctx.dashboard.of(user.id),
    }),
  ];
}
