import { chatReportsQuery, chatReportsResponse } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** What players reported, for admins. */
export function moderationRoutes(ctx: AppContext): RouteSpec[] {
  return [
    defineRoute({
      method: "get",
      path: "/api/admin/chat-reports",
      summary: "Reported party chat messages, newest first (admin only)",
      tags: ["admin"],
      query: chatReportsQuery,
      response: chatReportsResponse,
      errors: [400, 403],
      handler: ({ user, query }) => {
        if (user.role !== "admin") throw forbidden("Only an admin can read chat reports");
        return ctx.chatReports.list(query);
      },
    }),
  ];
}
