import {
  idParam,
  reviewChallengeBody,
  reviewChallengeResponse,
  reviewQueueQuery,
  reviewQueueResponse,
} from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Moderation of player-made challenges (admins only): the review queue and a decision per challenge. */
export function adminChallengeRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["admin"];
  return [
    defineRoute({
      method: "get",
      path: "/api/admin/challenges",
      summary:
        "Challenges made by players, oldest first, for review: status=pending (default, not reviewed yet), approved or all (admin only)",
      tags,
      query: reviewQueueQuery,
      response: reviewQueueResponse,
      errors: [403],
      handler: ({ query, user }) => {
        if (user.role !== "admin") throw forbidden("Only an admin can review challenges");
        return ctx.challenges.reviewQueue(query);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/admin/challenges/:id/review",
      summary:
        "Approve a challenge (marked reviewed, stays listed) or hide it (out of every list, no new attempts; paid rewards stay) (admin only)",
      tags,
      params: idParam,
      body: reviewChallengeBody,
      response: reviewChallengeResponse,
      errors: [403, 404],
      handler: ({ params, body, user }) => ctx.challenges.review(user, params.id, body.decision),
    }),
  ];
}
