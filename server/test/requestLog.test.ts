import assert from "node:assert/strict";
import { spawnServer } from "./support/spawnServer.ts";
import { PROCESS_TEST_MS, scaled, until } from "./support/deadlines.ts";
import { testStack } from "./support/testServer.ts";

// One real server process with the info level an operator runs (either stack's server would log alike).
if (testStack === "embedded") {
  describe("request log (one line per request, at info)", function () {
    // Each test starts a server process (TypeScript loader, migrations): slower than an in-process test.
    this.timeout(scaled(PROCESS_TEST_MS));
    it("when requests are served, then each gives one concise line without bodies; probes stay at debug", async () => {
      const server = await spawnServer({ LOG_LEVEL: "info" });
      try {
        const password = "pw-never-logged-123";
        const register = await fetch(`${server.url}/api/auth/register`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-request-id": "req-42" },
          body: JSON.stringify({ username: "logged_user", email: "logged@example.test", password }),
        });
        assert.equal(register.status, 201);
        assert.equal(register.headers.get("x-request-id"), "req-42");
        const { user, access_token } = (await register.json()) as { user: { id: string }; access_token: string };
        await fetch(`${server.url}/healthz`);
        await fetch(`${server.url}/readyz`);
        const me = await fetch(`${server.url}/api/auth/me?x=1`, {
          headers: { authorization: `Bearer ${access_token}` },
        });
        assert.equal(me.status, 200);
        const requestLines = () =>
          server.output
            .filter((l) => l.startsWith("{"))
            .map((l) => JSON.parse(l) as Record<string, unknown>)
            .filter((l) => l.msg === "request");
        await until(() => requestLines().some((l) => l.route === "/api/auth/me"));
        const lines = requestLines();
        assert.deepEqual(
          lines.map((l) => [l.method, l.route, l.status]),
          [
            ["POST", "/api/auth/register", 201],
            ["GET", "/api/auth/me", 200],
          ],
          "one line per request, none for the probes",
        );
        const meLine = lines[1] as Record<string, unknown>;
        assert.equal(meLine.userId, user.id);
        assert.equal(typeof meLine.ms, "number");
        assert.match(String(meLine.requestId), /^[0-9a-f-]{36}$/);
        assert.equal(lines[0]?.requestId, "req-42");
        const all = server.output.join("\n");
        assert.ok(!all.includes(password), "no body is logged");
        assert.ok(!all.includes(access_token), "no token is logged");
        for (const line of lines) assert.ok(JSON.stringify(line).length < 300, JSON.stringify(line));
      } finally {
        await server.stop();
      }
    });
  });
}
