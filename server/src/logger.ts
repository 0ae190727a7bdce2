import { pino, type Logger } from "pino";

export type { Logger };

/**
 * The process's logger: JSON lines (one per request, see http/requestLog.ts) or, with
 * LOG_FORMAT=pretty, pino-pretty's readable lines for development.
 */
export function createLogger(level: string, format: "json" | "pretty" = "json"): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.refresh_token"],
    ...(format === "pretty" ? { transport: { target: "pino-pretty", options: { ignore: "pid,hostname" } } } : {}),
  });
}
