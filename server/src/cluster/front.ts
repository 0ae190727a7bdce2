import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Transform } from "node:stream";
import { ErrorCode } from "@levelup/shared";
import { answerClientErrorsInShape, httpServerOptions } from "../http/serverLimits.ts";

/** A server process behind the front, addressed by `name` in its PUBLIC_ADDRESS path. */
export interface Backend {
  name: string;
  host: string;
  port: number;
}

export interface Front {
  port: number;
  url: string;
  /** Names of the backends whose /readyz answered 200 at the last poll. */
  ready(): string[];
  close(): Promise<void>;
}

const READY_POLL_MS = 1_000;

/**
 * The one origin a browser talks to when several processes serve the game.
 *
 * - HTTP (REST, matchmaking, the client) goes round-robin to the backends whose /readyz says
 *   ready, so a draining or dead process gets no new work; a request refused by a process that
 *   died since the last poll goes to the next one.
 * - A WebSocket goes to the process that holds the room. Colyseus 0.18 puts the room's
 *   `publicAddress` into every seat reservation and the SDK connects to
 *   `ws://<publicAddress>/<processId>/<roomId>`; each process's PUBLIC_ADDRESS is
 *   `<front host>/<backend name>`, so the first path segment names the backend. The path is
 *   forwarded unchanged (the transport reads the room id from the last two segments).
 * - `/<backend name>/...` over HTTP reaches that one process with the prefix removed
 *   (e.g. `/s2/readyz`), for operators.
 * - It keeps the limits of a server process (`http/serverLimits.ts`: header size, timeouts, body
 *   size) and answers its own refusals in the contract's error shape: the front must not be
 *   the door through which one client exhausts the memory every player shares.
 */
export async function startFront(opts: {
  port: number;
  host?: string;
  backends: Backend[];
  /** The largest request body, as the processes' BODY_LIMIT (see `bodyLimitBytes`). */
  bodyLimitBytes: number;
}): Promise<Front> {
  const byName = new Map(opts.backends.map((b) => [b.name, b]));
  let readyNames = opts.backends.map((b) => b.name);
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  const pickReady = (): Backend => {
    const pool = readyNames.length > 0 ? readyNames : opts.backends.map((b) => b.name);
    next = (next + 1) % pool.length;
    return byName.get(pool[next]!)!;
  };

  /** Splits `/<name>/rest` into the named backend and the rest, if the first segment names one. */
  const addressed = (url: string): { backend: Backend; path: string } | undefined => {
    const match = /^\/([A-Za-z0-9_-]+)(\/.*)?$/.exec(url.split("?")[0]!);
    const backend = match ? byName.get(match[1]!) : undefined;
    if (!backend) return undefined;
    return { backend, path: url.slice(match![1]!.length + 1) || "/" };
  };

  const server = http.createServer(httpServerOptions, (req, res) => {
    const pinned = addressed(req.url ?? "/");
    let upstream: http.ClientRequest | undefined;
    const refuse = (status: number, code: string, message: string) => {
      upstream?.destroy();
      if (res.headersSent) return void res.destroy();
      res.writeHead(status, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify({ error: { code, message } }));
      // What the client still sends is not read: the connection closes once the answer is out.
      req.unpipe();
      res.once("finish", () => req.destroy());
    };
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > opts.bodyLimitBytes) return refuse(413, ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large");
    // The body streams through as it arrives (never held whole), counted against the same limit
    // as a server process: a chunked body that runs over it is cut off with a 413.
    let received = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        received += chunk.length;
        if (received > opts.bodyLimitBytes) {
          refuse(413, ErrorCode.PAYLOAD_TOO_LARGE, "Request body is too large");
          return done();
        }
        done(null, chunk);
      },
    });
    const headers = { ...req.headers, "x-forwarded-for": forwardedFor(req) };
    const attempt = (tries: number) => {
      const target = pinned ?? { backend: pickReady(), path: req.url ?? "/" };
      upstream = http.request(
        { host: target.backend.host, port: target.backend.port, method: req.method, path: target.path, headers, agent },
        (upRes) => {
          if (res.headersSent) return void upRes.resume();
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      // The body starts flowing only once a backend accepted the connection: a process that died
      // since the last poll refuses it before any of the body is gone, so the next one gets it whole.
      const request = upstream;
      request.once("socket", (socket) => {
        const send = () => req.pipe(limiter).pipe(request);
        if (socket.connecting) socket.once("connect", send);
        else send();
      });
      request.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "ECONNREFUSED" && !pinned && tries > 1 && received === 0) {
          readyNames = readyNames.filter((n) => n !== target.backend.name);
          return attempt(tries - 1);
        }
        refuse(502, ErrorCode.BAD_GATEWAY, "The game server did not answer");
      });
      // A client gone before its answer: nothing more to forward.
      res.once("close", () => {
        if (!res.writableFinished) request.destroy();
      });
    };
    attempt(opts.backends.length);
  });
  answerClientErrorsInShape(server);

  server.on("upgrade", (req, socket, head) => {
    const target = addressed(req.url ?? "/");
    const backend = target?.backend ?? pickReady();
    const upstream = net.connect(backend.port, backend.host, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      lines.push(`X-Forwarded-For: ${forwardedFor(req)}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    // Either side going away closes the other: a killed process drops its players at once.
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
    upstream.on("close", () => socket.destroy());
    socket.on("close", () => upstream.destroy());
  });

  const poll = async () => {
    const results = await Promise.all(
      opts.backends.map(async (b) => {
        try {
          const res = await fetch(`http://${b.host}:${b.port}/readyz`, { signal: AbortSignal.timeout(READY_POLL_MS) });
          return res.status === 200 ? b.name : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    readyNames = results.filter((n): n is string => n !== undefined);
  };
  await poll();
  const timer = setInterval(() => void poll(), READY_POLL_MS);
  timer.unref();

  server.listen(opts.port, opts.host ?? "0.0.0.0");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    ready: () => [...readyNames],
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function forwardedFor(req: http.IncomingMessage): string {
  const prior = req.headers["x-forwarded-for"];
  const remote = req.socket.remoteAddress ?? "";
  return prior ? `${prior}, ${remote}` : remote;
}
