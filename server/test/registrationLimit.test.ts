import assert from "node:assert/strict";
import { type ServerProcess, spawnServerProcess } from "../src/cluster/serverProcess.ts";
import { serverEnv } from "./support/spawnServer.ts";

/** A server of its own with a small registration limit (the shared test server raises it for its players). */
describe("registrations per network", () => {
  let server: ServerProcess;
  before(async function () {
    // A process of its own boots slowly on a busy machine: wait on its health, generously.
    this.timeout(240_000);
    server = await spawnServerProcess({
      name: "registration-limit",
      port: 0,
      env: serverEnv({ REGISTRATIONS_PER_IP_PER_HOUR: "3", LOG_LEVEL: "warn" }),
      startTimeoutMs: 220_000,
    });
  });
  after(async () => {
    await server?.stop();
  });

  const register = (name: string, ip: string) =>
    fetch(`${server.url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ username: name, email: `${name}@example.test`, password: "password123" }),
    });

  it("when one address registers past the limit, then 429 REGISTRATION_LIMITED with Retry-After, and another address still registers", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await register(`farm${i}`, "203.0.113.9")).status);
    assert.deepEqual(statuses, [201, 201, 201]);
    const refused = await register("farm3", "203.0.113.9");
    assert.equal(refused.status, 429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    assert.ok(retryAfter >= 1 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, "REGISTRATION_LIMITED");
    assert.equal(typeof body.error.message, "string");
    assert.equal((await register("elsewhere", "198.51.100.9")).status, 201);
  });

  it("when addresses of one IPv6 /64 register, then they share one budget", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push((await register(`six${i}`, `2001:db8:1:2::${i}`)).status);
    assert.deepEqual(statuses, [201, 201, 201, 429]);
    assert.equal((await register("sixother", "2001:db8:1:3::1")).status, 201);
  });
});
