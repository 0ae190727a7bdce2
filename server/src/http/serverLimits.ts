import type http from "node:http";
import type { Duplex } from "node:stream";
import { ErrorCode } from "@levelup/shared";

/**
 * Limits of every HTTP server of the game (each server process and the cluster front), so that
 * the front cannot be the weak door: a request must send its headers within HEADERS_TIMEOUT_MS
 * and be complete within REQUEST_TIMEOUT_MS; headers above Node's 16 KB are refused.
 */
export const HTTP_LIMITS = {
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
} as const;

/** Options for `http.createServer` that must be set at creation. */
export const httpServerOptions: http.ServerOptions = {
  maxHeaderSize: HTTP_LIMITS.maxHeaderSize,
  headersTimeout: HTTP_LIMITS.headersTimeoutMs,
  requestTimeout: HTTP_LIMITS.requestTimeoutMs,
  keepAliveTimeout: HTTP_LIMITS.keepAliveTimeoutMs,
};

/**
 * Answers what Node's HTTP parser refuses before any handler runs (an oversized header, a
 * malformed request, a timed-out one) in the contract's error shape instead of a bare status line.
 */
export function answerClientErrorsInShape(server: http.Server): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err.code === "ECONNRESET" && !socket.readable)) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      err.code === "HPE_HEADER_OVERFLOW"
        ? [431, ErrorCode.HEADERS_TOO_LARGE, "Request headers are too large"]
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? [408, ErrorCode.REQUEST_TIMEOUT, "The request took too long"]
          : [400, ErrorCode.MALFORMED_REQUEST, "The request could not be parsed"];
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status} ${statusText[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

const statusText: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/** Bytes of a BODY_LIMIT such as "100kb" or "1mb" (the units express.json reads, 1024-based). */
export function bodyLimitBytes(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/i.exec(limit);
  if (!match) throw new Error(`not a size: ${limit}`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[match[2]!.toLowerCase() as "b" | "kb" | "mb"];
  return Number(match[1]) * unit;
}
