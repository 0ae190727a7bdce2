import { randomUUID } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../logger.ts";

/** Probes polled every few seconds by proxies and orchestrators: logged at debug only. */
const PROBES = new Set(["/healthz", "/readyz", "/metrics"]);
/** A caller's X-Request-Id is kept when it is a plain token; anything else gets a fresh one. */
const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * One concise line per request when its response is finished: method, route (the pattern, not the
 * URL, so ids and query strings stay out), status, milliseconds, user id and request id. Bodies and
 * headers are never logged. No child logger per request: a listener on `finish` costs less.
 * The request id is echoed in X-Request-Id; handlers set `res.locals.userId` once they know it.
 */
export function requestLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader("X-Request-Id", requestId);
    res.once("finish", () => {
      const probe = PROBES.has(req.path);
      if (!logger.isLevelEnabled(probe ? "debug" : "info")) return;
      const line = {
        method: req.method,
        route: req.route ? `${req.baseUrl}${req.route.path}` : req.path,
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        userId: res.locals.userId as string | undefined,
        requestId,
      };
      if (probe) logger.debug(line, "request");
      else logger.info(line, "request");
    });
    next();
  };
}
