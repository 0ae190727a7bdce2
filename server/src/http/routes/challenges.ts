import {
  idParam,
  challengePageSchema,
  createChallengeBody,
  listChallengesQuery,
  oneStepSubmitBody,
  oneStepSubmitResponse,
  publicChallengeSchema,
  updateChallengeBody,
} from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, Reply, type RouteSpec } from "../route.ts";

/** How long a shared cache may keep a public challenge read: a new challenge shows within this. */
const PUBLIC_CACHE_SECONDS = 30;

/** Challenges (docs/api.md, Game): the catalogue, its owners' edits, and the one-step submission. */
export function challengeRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["challenges"];
  return [
    defineRoute({
      method: "get",
      path: "/api/game/challenges",
      summary:
        "List challenges (filters: type, difficulty, q); never includes answers or hidden tests. Public: readable without a token (rate-limited per network), cacheable",
      tags,
      auth: "public",
      cacheSeconds: PUBLIC_CACHE_SECONDS,
      query: listChallengesQuery,
      response: challengePageSchema,
      handler: ({ query }) => ctx.challenges.list(query),
    }),
    // Declared before /:id so that "submit" is not taken for an id.
    defineRoute({
      method: "post",
      path: "/api/game/challenges/submit",
      summary: "Grade an answer to a challenge in one step (starts and submits an attempt)",
      tags,
      body: oneStepSubmitBody,
      response: oneStepSubmitResponse,
      errors: [404, 409, 422, 429, 503],
      handler: ({ user, body }) => ctx.attempts.submitNew(user, body.challengeId, body.answer),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/challenges/:id",
      summary: "One challenge. Public: readable without a token (rate-limited per network), cacheable",
      tags,
      auth: "public",
      cacheSeconds: PUBLIC_CACHE_SECONDS,
      params: idParam,
      response: publicChallengeSchema,
      errors: [404],
      handler: ({ params }) => ctx.challenges.get(params.id),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/challenges",
      summary: "Create a challenge; the caller owns it. Rewards are capped by difficulty for players",
      tags,
      body: createChallengeBody,
      status: 201,
      response: publicChallengeSchema,
      errors: [422, 429],
      handler: ({ user, body }) => ctx.challenges.create(user, body),
    }),
    defineRoute({
      method: "put",
      path: "/api/game/challenges/:id",
      summary: "Change a challenge (its creator or an admin only)",
      tags,
      params: idParam,
      body: updateChallengeBody,
      response: publicChallengeSchema,
      errors: [403, 404, 422],
      handler: ({ user, params, body }) => ctx.challenges.update(user, params.id, body),
    }),
    defineRoute({
      method: "delete",
      path: "/api/game/challenges/:id",
      summary: "Delete a challenge (its creator or an admin only); attempts and paid rewards stay",
      tags,
      params: idParam,
      status: 204,
      errors: [403, 404],
      handler: async ({ user, params }) => {
        await ctx.challenges.remove(user, params.id);
        return new Reply(204);
      },
    }),
  ];
}
