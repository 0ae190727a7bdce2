import { ErrorCode } from "@levelup/shared";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError } from "../errors.ts";
import type { Logger } from "../logger.ts";

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
