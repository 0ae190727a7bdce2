import assert from "node:assert/strict";
import { call, eventually, registerOn, startTestCluster, type TestCluster } from "./support/cluster.ts";

describe("what processes cache, changed on another process (sessions, profiles)", function () {
  // Two server processes on one PostgreSQL database and Redis: slow to start on a busy machine.
  this.timeout(300_000);
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster(["a", "b"]);
  });
  after(async () => {
    await cluster?.close();
  });

  for (const [what, body] of [
    ["logout-everywhere", (_refresh: string) => ({ everywhere: true })],
    ["a single session's logout", (refreshToken: string) => ({ refresh_token: refreshToken })],
  ] as const) {
    it(`when ${what} happens on one process, then the other's cached check refuses the token within 1 s`, async () => {
      const a = cluster.processes.get("a")!.url;
      const b = cluster.processes.get("b")!.url;
      const user = await registerOn(a, "xproc");
      const pair = { access_token: user.token, refresh_token: user.refreshToken };
      // Warm process b's cache: the token is checked (and its user cached) there first.
      assert.equal((await call(b, pair.access_token, "GET", "/api/auth/me")).status, 200);
      assert.equal((await call(b, pair.access_token, "GET", "/api/auth/me")).status, 200);
      const out = await call(a, pair.access_token, "POST", "/api/auth/logout", body(pair.refresh_token));
      assert.equal(out.status, 204);
      const loggedOutAt = Date.now();
      let refusedAt = 0;
      const refused = await eventually(async () => {
        const res = await call(b, pair.access_token, "GET", "/api/auth/me");
        if (res.status === 401) refusedAt = Date.now();
        return res.status === 401;
      }, 1_000);
      assert.ok(refused, "process b still accepts the token 1 s after the logout on a");
      assert.ok(refusedAt - loggedOutAt <= 1_500, `refused after ${refusedAt - loggedOutAt} ms`);
    });
  }

  it("when a player's profile changes on one process, then the other's cached profile shows it within 1 s", async () => {
    const a = cluster.processes.get("a")!.url;
    const b = cluster.processes.get("b")!.url;
    const user = await registerOn(a, "xprof");
    // Warm process b's cache: the profile is read (and kept) there first.
    for (let i = 0; i < 2; i++) {
      const before = await call(b, user.token, "GET", "/api/game/profile");
      assert.equal(before.body.timeZone, "UTC");
    }
    const set = await call(a, user.token, "PUT", "/api/game/profile/time-zone", { timeZone: "Asia/Seoul" });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const changedAt = Date.now();
    const seen = await eventually(
      async () => (await call(b, user.token, "GET", "/api/game/profile")).body.timeZone === "Asia/Seoul",
      1_000,
    );
    assert.ok(seen, `process b still shows the old time zone ${Date.now() - changedAt} ms after the change on a`);
  });
});
