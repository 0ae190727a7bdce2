import { type AuthContext, ServerError } from "@colyseus/core";
import { ErrorCode } from "@levelup/shared";
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
 * The same verifier REST uses; a missing or bad token refuses the seat. Colyseus sends a thrown
 * ServerError's numeric code and message to the client (the SDK rejects the join with them) and
 * logs nothing, so the refusal is a 401 whose message starts with the contract's stable code
 * (`INVALID_TOKEN: …`, `TOKEN_EXPIRED: …`, `UNAUTHORIZED: …`).
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

/** An AppError as Colyseus' ServerError: its HTTP status as the code, its stable code leading the message. */
export function roomRefusal(err: AppError): ServerError {
  return new ServerError(err.status, `${err.code}: ${err.message}`, { cause: err });
}
