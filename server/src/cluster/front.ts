import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

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
 */
export async function startFront(opts: { port: number; host?: string; backends: Backend[] }): Promise<Front> {
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

  const server = http.createServer(async (req, res) => {
    const pinned = addressed(req.url ?? "/");
    // Bodies are small (the server limits them): holding one lets a request refused by a process
    // that just died go to the next one, since nothing of it reached the dead one.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = { ...req.headers, "x-forwarded-for": forwardedFor(req) };
    const attempt = (tries: number) => {
      const target = pinned ?? { backend: pickReady(), path: req.url ?? "/" };
      const upstream = http.request(
        { host: target.backend.host, port: target.backend.port, method: req.method, path: target.path, headers, agent },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
        },
      );
      upstream.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "ECONNREFUSED" && !pinned && tries > 1) {
          readyNames = readyNames.filter((n) => n !== target.backend.name);
          return attempt(tries - 1);
        }
        if (!res.headersSent) {
          res.writeHead(502, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { code: "BAD_GATEWAY", message: "The game server did not answer" } }));
        } else {
          res.destroy();
        }
      });
      upstream.end(body);
    };
    attempt(opts.backends.length);
  });

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
