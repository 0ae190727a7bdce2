import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { pid: process.pid },
    redact: ["req.headers.authorization", "req.headers.cookie", "*.password", "*.refresh_token"],
  });
}
