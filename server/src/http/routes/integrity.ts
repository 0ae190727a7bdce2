import { offendersQuery, offendersResponse } from "@levelup/shared/protocol/integrity";
import type { AppContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Anti-cheat for operators: who hits the budget and rate rules repeatedly (admins only). */
export function integrityRoutes(ctx: AppContext): RouteSpec[] {
  return [
    defineRoute({
      method: "get",
      path: "/api/admin/integrity/offenders",
      summary:
        "Players refused by anti-cheat rules (budgets, rate limits) at least `min` times, most refused first (admin only; counts lag up to 5 s)",
      tags: ["admin"],
      query: offendersQuery,
      response: offendersResponse,
      errors: [403],
      handler: async ({ query, user }) => {
        if (user.role !== "admin") throw forbidden("Only an admin can read the anti-cheat record");
        const items = await ctx.refusals.offenders({
          limit: query.limit + 1,
          offset: query.offset,
          minTotal: query.min,
        });
        return {
          items: items.slice(0, query.limit),
          nextOffset: items.length > query.limit ? query.offset + query.limit : null,
        };
      },
    }),
  ];
}
