import type { AuthContext } from "@colyseus/core";
import { ErrorCode } from "@levelup/shared";
import type { AppContext } from "../context.ts";
import { AppError } from "../http/errors.ts";
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

/** The same verifier REST uses; a missing or bad token refuses the seat. */
export async function authenticateRoomClient(options: unknown, context: AuthContext): Promise<AuthUser> {
  const token = tokenFrom(options, context);
  if (!token) throw new AppError(401, ErrorCode.UNAUTHORIZED, "A token is required to join");
  return roomDeps().access.verify(token);
}
