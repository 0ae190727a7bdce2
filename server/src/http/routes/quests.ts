import { completeQuestBody, completeQuestResponse, questListResponse } from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Daily and weekly quests (docs/api.md). */
export function questRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["quests"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/quests",
      summary: "The player's active daily and weekly quests with progress and expiry",
      tags,
      response: questListResponse,
      // One answer object per cached read of the player's quests (Quests.list).
      sharedBodies: true,
      handler: ({ user }) => ctx.quests.list(user.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/quests/complete",
      summary: "Claim a completed quest's rewards, once (422 unmet, 409 already claimed, 410 expired)",
      tags,
      body: completeQuestBody,
      response: completeQuestResponse,
      errors: [404, 409, 410, 422],
      handler: ({ body, user }) => ctx.quests.complete(user.id, body.questId),
    }),
  ];
}
