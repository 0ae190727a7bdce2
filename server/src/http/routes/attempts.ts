import {
  idParam,
  attemptPageSchema,
  attemptSchema,
  listAttemptsQuery,
  startAttemptBody,
  startedAttemptSchema,
  submitAttemptBody,
  submitAttemptResponse,
} from "@levelup/shared";
import type { AppContext } from "../../context.ts";
import { defineRoute, type RouteSpec } from "../route.ts";

/** Attempts (docs/api.md, Game): start, submit (graded by the server), and the caller's history. */
export function attemptRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["attempts"];
  return [
    defineRoute({
      method: "post",
      path: "/api/game/attempts",
      summary: "Start an attempt at a challenge",
      tags,
      body: startAttemptBody,
      status: 201,
      response: startedAttemptSchema,
      errors: [404, 429],
      handler: ({ user, body }) => ctx.attempts.start(user, body.challengeId),
    }),
    defineRoute({
      method: "post",
      path: "/api/game/attempts/:id/submit",
      summary: "Submit an answer (a flag, choice ids, or JavaScript code); the server grades it",
      tags,
      params: idParam,
      body: submitAttemptBody,
      response: submitAttemptResponse,
      errors: [404, 409, 422, 429, 503],
      handler: ({ user, params, body }) => ctx.attempts.submit(user, params.id, body.answer),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/attempts",
      summary: "The caller's attempts, newest first",
      tags,
      query: listAttemptsQuery,
      response: attemptPageSchema,
      handler: ({ user, query }) => ctx.attempts.list(user.id, query),
    }),
    defineRoute({
      method: "get",
      path: "/api/game/attempts/:id",
      summary: "One of the caller's attempts (another user's is 404)",
      tags,
      params: idParam,
      response: attemptSchema,
      errors: [404],
      handler: ({ user, params }) => ctx.attempts.get(user.id, params.id),
    }),
  ];
}
