import { matchMaker } from "@colyseus/core";
import { ErrorCode } from "@levelup/shared";
import {
  codingEndBody,
  codingEndResponse,
  codingSessionsQuery,
  codingSessionsResponse,
  codingStartBody,
  codingStartResponse,
} from "@levelup/shared/protocol/coding";
import type { AppContext } from "../../context.ts";
import type { CodingRoom } from "../../rooms/coding/CodingRoom.ts";
import { reserveCodingSeat } from "../../rooms/coding/codingSeats.ts";
import type { EndResult } from "../../services/coding/CodingSessions.ts";
import { AppError, conflict } from "../../errors.ts";
import { defineRoute, Reply, type RouteSpec } from "../route.ts";

/** Coding mode (docs/api.md, Game): start a session and get a seat in its room, end it, list past sessions. */
export function codingRoutes(ctx: AppContext): RouteSpec[] {
  const tags = ["coding"];

  /** Ends through the session's room when it runs (it holds lines not yet saved), else directly. */
  async function endSession(userId: string, sessionId: string): Promise<EndResult> {
    const session = await ctx.coding.get(sessionId);
    if (session?.userId === userId && session.status === "active" && session.roomId) {
      try {
        const result: EndResult = await matchMaker.remoteRoomCall<CodingRoom>(session.roomId, "finish", ["user"]);
        return result;
      } catch (err) {
        // The room is gone (crashed process, disposed meanwhile): the saved figures are the session.
        ctx.logger.debug({ err, sessionId }, "coding room unreachable; ending from the database");
      }
    }
    return ctx.coding.end(sessionId, { reason: "user", userId });
  }

  return [
    defineRoute({
      method: "post",
      path: "/api/game/coding/start",
      summary:
        "Start a coding session and get a seat in its coding room (200 with the active one if any; 409 while its room is still starting)",
      tags,
      body: codingStartBody,
      status: 201,
      response: codingStartResponse,
      errors: [409],
      handler: async ({ body, user }) => {
        const deps = { sessions: ctx.coding, clock: ctx.clock, secret: ctx.config.JWT_SECRET };
        let { session, created } = await ctx.coding.start(user.id, body);
        const seat = await reserveCodingSeat(deps, session, user).catch(async (err: unknown) => {
          // The session ended while this start waited for its room (the room closed empty): start anew, once.
          if (!(err instanceof AppError && err.code === ErrorCode.ALREADY_ENDED)) throw err;
          ({ session, created } = await ctx.coding.start(user.id, body));
          return reserveCodingSeat(deps, session, user);
        });
        const payload = { sessionId: session.id, ...seat };
        return created ? payload : new Reply(200, payload);
      },
    }),
    defineRoute({
      method: "post",
      path: "/api/game/coding/end",
      summary: "End a coding session and receive its rewards (once; 409 when already ended)",
      tags,
      body: codingEndBody,
      response: codingEndResponse,
      errors: [404, 409],
      handler: async ({ body, user }) => {
        const result = await endSession(user.id, body.sessionId);
        if (result.alreadyEnded) throw conflict(ErrorCode.ALREADY_ENDED, "This coding session has already ended");
        return { session: result.session, rewards: result.rewards };
      },
    }),
    defineRoute({
      method: "get",
      path: "/api/game/coding/sessions",
      summary: "The signed-in user's coding sessions, newest first",
      tags,
      query: codingSessionsQuery,
      response: codingSessionsResponse,
      handler: ({ query, user }) => ctx.coding.list(user.id, query),
    }),
  ];
}
