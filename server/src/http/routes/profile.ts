import { dashboardResponse, profileResponse, timeZoneBody, timeZoneResponse } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** GET /api/game/profile, PUT /api/game/profile/time-zone and GET /api/game/dashboard (docs/api.md). */
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
      method: "put",
      path: "/api/game/profile/time-zone",
      summary:
        "Set the IANA time zone of the player's days (streak, daily and weekly quests): once a week (429 RATE_LIMITED); the change neither credits nor removes a streak day",
      tags: ["progression"],
      body: timeZoneBody,
      response: timeZoneResponse,
      errors: [429],
      handler: ({ body, user }) => ctx.playerProfiles.setTimeZone(user.id, body.timeZone),
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
