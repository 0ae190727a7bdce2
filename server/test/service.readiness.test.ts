import assert from "node:assert/strict";
import { type SpawnedServer, spawnServer } from "./support/spawnServer.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcpProxy.ts";
import { createThrowawayDatabase } from "./support/throwawayDatabase.ts";
import { PROCESS_TEST_MS, scaled } from "./support/deadlines.ts";

/**
 * A server process whose PostgreSQL and Redis connections run through proxies the test can cut,
 * so "unreachable" is real (refused connections) while the services themselves stay up.
 */
describe("readiness with unreachable dependencies", function () {
  // Each test starts a server process (TypeScript loader, migrations): slower than an in-process test.
  this.timeout(scaled(PROCESS_TEST_MS));
  let server: SpawnedServer;
  let database: { url: string; drop: () => Promise<void> };
  let pgProxy: TcpProxy;
  let redisProxy: TcpProxy;

  const readyz = async () => {
    const res = await fetch(`${server.url}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
  };

  before(async () => {
    database = await createThrowawayDatabase();
    const pgUrl = new URL(database.url);
    const redisUrl = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    pgProxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
    redisProxy = await startTcpProxy({ host: redisUrl.hostname, port: Number(redisUrl.port || 6379) });
    pgUrl.host = `127.0.0.1:${pgProxy.port}`;
    redisUrl.host = `127.0.0.1:${redisProxy.port}`;
    // Not the test server's Redis database (1 + pid % 15), so this process does not join its cluster.
    redisUrl.pathname = `/${1 + ((process.pid + 11) % 15)}`;
    server = await spawnServer({ DATABASE_URL: pgUrl.toString(), REDIS_URL: redisUrl.toString() });
  });

  after(async () => {
    await pgProxy?.restore().catch(() => {});
    await redisProxy?.restore().catch(() => {});
    await server?.stop("SIGTERM");
    await database?.drop();
  });

  it("when both are reachable, then /readyz is 200 with database and redis ok", async () => {
    const res = await readyz();
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "ok", checks: { database: "ok", redis: "ok" } });
  });

  it("when the database becomes unreachable, then /readyz is 503 naming the database, and /healthz stays 200", async () => {
    await pgProxy.cut();
    const res = await readyz();
    assert.equal(res.status, 503);
    assert.equal(res.body.status, "unavailable");
    assert.equal(res.body.checks.database, "down");
    assert.equal(res.body.checks.redis, "ok");
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    await pgProxy.restore();
  });

  it("when Redis becomes unreachable, then /readyz is 503 naming redis", async () => {
    await redisProxy.cut();
    const res = await readyz();
    assert.equal(res.status, 503);
    assert.equal(res.body.checks.redis, "down");
    assert.equal(res.body.checks.database, "ok");
  });

  it("when Redis is back, then /readyz recovers to 200", async () => {
    await redisProxy.restore();
    let res = await readyz();
    // ioredis reconnects on its own back-off: ask until it has (bounded by the test time-out).
    while (res.status !== 200) {
      await new Promise((r) => setTimeout(r, 200));
      res = await readyz();
    }
    assert.deepEqual(res.body.checks, { database: "ok", redis: "ok" });
  });
});
