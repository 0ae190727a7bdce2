import { ErrorCode } from "@levelup/shared";
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../logger.ts";

/**
 * An error the client may see: a stable code, an HTTP status and an English message.
 * Services throw these; the one error handler below turns them into the contract's shape.
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

export const notFoundRoute: RequestHandler = (req, _res, next) => {
  next(new AppError(404, ErrorCode.NOT_FOUND, `No route for ${req.method} ${req.originalUrl.split("?")[0]}`));
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
}

/** The one place errors become responses; unknown errors are logged in full and answered with a bare 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let appError: AppError;
    if (err instanceof AppError) {
      appError = err;
    } else if ((err as BodyParserError)?.type === "entity.parse.failed") {
      appError = new AppError(400, ErrorCode.MALFORMED_JSON, "Request body is not valid JSON");
    } else if ((err as BodyParserError)?.type === "entity.too.large") {
      appError = new AppError(413, ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large");
    } else if ((err as BodyParserError)?.status === 400 || (err as BodyParserError)?.status === 415) {
      appError = new AppError(400, ErrorCode.VALIDATION_FAILED, "Request body could not be read");
    } else {
      logger.error({ err, method: req.method, url: req.originalUrl }, "unhandled error");
      appError = new AppError(500, ErrorCode.INTERNAL, "Internal server error");
    }
    if (res.headersSent) return;
    for (const [k, v] of Object.entries(appError.headers ?? {})) res.setHeader(k, v);
    res.status(appError.status).json({
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details === undefined ? {} : { details: appError.details }),
      },
    });
  };
}
