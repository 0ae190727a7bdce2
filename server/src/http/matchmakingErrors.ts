import type http from "node:http";
import { ErrorCode } from "@levelup/shared";

/** Colyseus' own matchmaking failures (numeric codes it sends as the HTTP status) as the contract's. */
const COLYSEUS_CODES: Record<number, [number, string]> = {
  520: [404, ErrorCode.NOT_FOUND], // no such room type
  521: [400, ErrorCode.VALIDATION_FAILED], // invalid criteria
  522: [404, ErrorCode.NOT_FOUND], // no such room id
  523: [400, ErrorCode.VALIDATION_FAILED], // unknown matchmaking method
  524: [409, ErrorCode.CONFLICT], // seat reservation expired
  525: [401, ErrorCode.UNAUTHORIZED], // onAuth refused without a code of ours
  526: [500, ErrorCode.INTERNAL], // a room threw while creating or joining
};
const BY_STATUS: Record<number, string> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.RATE_LIMITED,
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/**
 * Colyseus answers /matchmake itself (before Express) with `{"code","error"}` bodies, Colyseus
 * codes as HTTP statuses (520 for an unknown room) and bodies of any size. This wraps the HTTP
 * server's request listeners (call it after `gameServer.listen`) so that on /matchmake:
 * - a body over BODY_LIMIT (or of undeclared length) is refused before Colyseus reads it;
 * - every error goes out in the contract's shape `{"error":{"code","message"}}`, with a stable
 *   code: ours when a room refused with `roomRefusal` ("CODE: message"), else one by status.
 *   A top-level `message` ("CODE: message") stays beside it: the Colyseus SDK reads its error
 *   text from there, and the HTTP status stays the SDK's numeric code.
 */
export function matchmakingInContractShape(server: http.Server, bodyLimitBytes: number): void {
  const listeners = server.listeners("request") as http.RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method === "POST" && req.url?.startsWith("/matchmake/")) {
      const declared = req.headers["content-length"];
      if (declared === undefined && req.headers["transfer-encoding"]) {
        return refuse(req, res, 411, ErrorCode.LENGTH_REQUIRED, "Matchmaking needs a Content-Length");
      }
      if (Number(declared ?? 0) > bodyLimitBytes) {
        return refuse(req, res, 413, ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large");
      }
      rewriteErrors(res);
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number, code: string, message: string) {
  send(res, res.writeHead.bind(res), res.end.bind(res), status, code, message);
  res.once("finish", () => req.destroy());
}

function send(
  res: http.ServerResponse,
  writeHead: http.ServerResponse["writeHead"],
  end: (body: string) => void,
  status: number,
  code: string,
  message: string,
) {
  // The SDK's error text keeps the stable code first, as rooms' refusals always had it.
  const body = JSON.stringify({ error: { code, message }, message: `${code}: ${message}` });
  res.removeHeader("content-length");
  writeHead.call(res, status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  end(body);
}

/** Holds back an error answer (status ≥ 400) until its end, then sends it in the contract's shape. */
function rewriteErrors(res: http.ServerResponse): void {
  const writeHead = res.writeHead.bind(res);
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  let failed: number | undefined;
  const held: Buffer[] = [];
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status < 400) return (writeHead as (...a: unknown[]) => http.ServerResponse)(status, ...rest);
    failed = status;
    return res;
  }) as http.ServerResponse["writeHead"];
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (failed === undefined) return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    if (chunk) held.push(Buffer.from(chunk as Uint8Array));
    return true;
  }) as http.ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (failed === undefined) return (end as (...a: unknown[]) => http.ServerResponse)(chunk, ...rest);
    if (chunk && typeof chunk !== "function") held.push(Buffer.from(chunk as Uint8Array));
    const [status, code, message] = contractError(failed, Buffer.concat(held).toString("utf8"));
    send(res, writeHead, (body) => end(body), status, code, message);
    return res;
  }) as http.ServerResponse["end"];
}

/** Status, stable code and message for what Colyseus answered with `status` and `raw`. */
export function contractError(status: number, raw: string): [number, string, string] {
  let text = "";
  let colyseusCode: number | undefined;
  try {
    const body = JSON.parse(raw) as { code?: unknown; error?: unknown; message?: unknown };
    text = typeof body.error === "string" ? body.error : typeof body.message === "string" ? body.message : "";
    if (typeof body.code === "number") colyseusCode = body.code;
  } catch {
    text = raw.slice(0, 200);
  }
  // A refusal of ours (rooms/roomDeps.ts roomRefusal): "CODE: message" with the HTTP status as code.
  const ours = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(text);
  if (ours && status >= 400 && status < 500) return [status, ours[1]!, ours[2]!];
  const mapped = COLYSEUS_CODES[colyseusCode ?? status];
  if (mapped) return [mapped[0], mapped[1], text || "Matchmaking failed"];
  if (status === 400 && /malformed|JSON/i.test(text))
    return [400, ErrorCode.MALFORMED_JSON, "Request body is not valid JSON"];
  const httpStatus = status >= 400 && status < 600 ? status : 400;
  return [
    httpStatus,
    BY_STATUS[httpStatus] ?? (httpStatus >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED),
    text || "Matchmaking failed",
  ];
}
