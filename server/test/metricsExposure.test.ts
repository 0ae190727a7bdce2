import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { freePort } from "../src/cluster/serverProcess.ts";
import { api } from "./support/api.ts";
import { spawnServer } from "./support/spawnServer.ts";
import { TEST_METRICS_TOKEN, testServer } from "./support/testServer.ts";

const scrape = () => api("GET", "/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
const series = (text: string) => text.split("\n").filter((l) => l.startsWith("http_request_duration_seconds_count{"));

describe("metrics: bounded series and a protected endpoint", () => {
  before(async function () {
    // Booting the shared test server takes long on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  it("when random paths are requested (some with a broken JSON body), then no series is added per path", async function () {
    // The first test of a run may boot the test server: slow on a busy machine.
    this.timeout(120_000);
    await api("GET", "/healthz");
    const before = series((await scrape()).body);
    const paths = Array.from({ length: 40 }, () => `/${randomBytes(6).toString("hex")}`);
    for (const [i, path] of paths.entries()) {
      if (i % 2 === 0) {
        await api("POST", path, { raw: "{bad", headers: { "content-type": "application/json" } });
      } else {
        await api("GET", `/api${path}`);
      }
    }
    const after = series((await scrape()).body);
    for (const path of paths) assert.ok(!after.some((l) => l.includes(path)), `a series names ${path}`);
    // At most the "unmatched" route with its statuses and methods, not one per path.
    assert.ok(after.length - before.length <= 4, `${after.length - before.length} new series`);
    assert.ok(after.some((l) => l.includes('route="unmatched"')));
  });

  it("when /metrics is asked without the METRICS_TOKEN bearer (or with another), then 401 in the contract's shape", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Bearer not-the-token" },
      { authorization: TEST_METRICS_TOKEN },
    ];
    for (const headers of attempts) {
      const res = await api("GET", "/metrics", { headers });
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, "UNAUTHORIZED");
      assert.doesNotMatch(JSON.stringify(res.body), /process_cpu/);
    }
    assert.equal((await scrape()).status, 200);
  });

  it("when METRICS_PORT is set, then /metrics is served there only and the public port answers 404 (with neither, it is not served)", async function () {
    // A server process of its own: its start takes long on a busy machine.
    this.timeout(180_000);
    const metricsPort = await freePort();
    const server = await spawnServer({ METRICS_PORT: String(metricsPort), LOG_LEVEL: "warn" });
    try {
      const onPublic = await fetch(`${server.url}/metrics`);
      assert.equal(onPublic.status, 404);
      assert.equal(((await onPublic.json()) as { error: { code: string } }).error.code, "NOT_FOUND");
      const onPrivate = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      assert.equal(onPrivate.status, 200);
      assert.match(await onPrivate.text(), /process_cpu_user_seconds_total/);
      const elsewhere = await fetch(`http://127.0.0.1:${metricsPort}/api/auth/me`);
      assert.equal(elsewhere.status, 404);
    } finally {
      await server.stop();
    }
  });
});
