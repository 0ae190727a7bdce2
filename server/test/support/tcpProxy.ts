import { once } from "node:events";
import net from "node:net";

export interface TcpProxy {
  port: number;
  /** Stops listening and cuts every open connection: the target looks unreachable. */
  cut(): Promise<void>;
  /** Listens again on the same port: the target is back. */
  restore(): Promise<void>;
}

/**
 * A localhost TCP relay to `target` that a test can cut and restore, to make a real service
 * (PostgreSQL, Redis) unreachable for a server process without touching the service.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    async cut() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
    async restore() {
      server.listen(port, "127.0.0.1");
      await once(server, "listening");
    },
  };
}
