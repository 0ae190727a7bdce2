import { type AuthContext, ServerError } from "@colyseus/core";
import { ErrorCode, roomCodeOf } from "@levelup/shared";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors.ts";
import type { AuthUser } from "../services/auth/tokens.ts";

/**
 * Colyseus instantiates rooms itself, so rooms reach the process's services through this
 * one registration made at start-up instead of constructor arguments.
 */
let current: AppContext | undefined;

export function setRoomDeps(ctx: AppContext | undefined): void {
  current = ctx;
}

export function roomDeps(): AppContext {
  if (!current) throw new Error("room dependencies are not set: start the server with startServer()");
  return current;
}

/** The access token of a joining client: `client.auth.token` (sent as context.token) or the `token` join option. */
export function tokenFrom(options: unknown, context: AuthContext): string | undefined {
  if (context?.token) return context.token;
  const fromOptions = (options as { token?: unknown } | undefined)?.token;
  return typeof fromOptions === "string" ? fromOptions : undefined;
}

/**
 * The same verifier REST uses; a missing or bad token refuses the seat (see `roomRefusal`):
 * UNAUTHORIZED, INVALID_TOKEN or TOKEN_EXPIRED.
 */
export async function authenticateRoomClient(options: unknown, context: AuthContext): Promise<AuthUser> {
  const token = tokenFrom(options, context);
  if (!token) throw roomRefusal(new AppError(401, ErrorCode.UNAUTHORIZED, "A token is required to join"));
  try {
    return await roomDeps().access.verify(token);
  } catch (err) {
    if (err instanceof AppError) throw roomRefusal(err);
    throw err;
  }
}

/**
 * The one way a room refuses a join or a reconnection: Colyseus sends a thrown ServerError's
 * numeric code and message to the client (the SDK rejects the join with them) and logs nothing.
 * The code is the error's number in `RoomCode` (shared/src/protocol/errors.ts); the message
 * starts with the contract's string code (`FORBIDDEN: …`).
 */
export function roomRefusal(err: AppError): ServerError {
  return new ServerError(roomCodeOf(err.code), `${err.code}: ${err.message}`, { cause: err });
}

/** A refusal from a code and a message (rooms refuse without an HTTP status). */
export function refuseSeat(code: ErrorCode, message: string): ServerError {
  return new ServerError(roomCodeOf(code), `${code}: ${message}`);
}
