import { ErrorCode } from "@levelup/shared";
import type { z } from "zod";

/**
 * An error the client may see: a stable code, an HTTP status and an English message.
 * Services, rooms and routes throw these; `http/errorHandler.ts` turns them into the contract's
 * REST shape and `roomRefusal` in `rooms/roomDeps.ts` into a room refusal. This module sits below all of them.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, options);
    this.headers = options?.headers;
  }
  readonly headers: Record<string, string> | undefined;
}

export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, ErrorCode.VALIDATION_FAILED, message, details);
export const unauthorized = (message = "Authentication required", code: string = ErrorCode.UNAUTHORIZED) =>
  new AppError(401, code, message);
export const forbidden = (message = "You are not allowed to do that") =>
  new AppError(403, ErrorCode.FORBIDDEN, message);
export const notFound = (what: string) => new AppError(404, ErrorCode.NOT_FOUND, `${what} not found`);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(
    429,
    ErrorCode.RATE_LIMITED,
    "Too many requests, try again later",
    { retryAfterSeconds },
    {
      headers: { "Retry-After": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    },
  );

/** Field-level problems of a zod failure, as the `details` of a 400 or of a room's `error` message. */
export function zodDetails(error: z.ZodError): { fields: { path: string; message: string }[] } {
  return {
    fields: error.issues.map((i) => ({ path: i.path.join(".") || "(root)", message: i.message })),
  };
}
