import assert from "node:assert/strict";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

const refresh = (token: string) => api("POST", "/api/auth/refresh", { body: { refresh_token: token } });
const me = (token: string) => api("GET", "/api/auth/me", { token });
/** Past the grace a just-rotated refresh token has (two tabs refreshing at once). */
const PAST_GRACE_MS = 11_000;

async function withClockAdvanced<T>(ms: number, run: () => Promise<T>): Promise<T> {
  const { server } = await testServer();
  server.ctx.clock.advance(ms);
  try {
    return await run();
  } finally {
    server.ctx.clock.reset();
  }
}

describe("sessions: revocation of access tokens", () => {
  before(async function () {
    this.timeout(180_000);
    await testServer();
  });

  it("when a session logs out with its refresh token, then that session's access tokens stop at once and others keep working", async () => {
    const user = await newUser("lo");
    const refreshed = await refresh(user.refreshToken);
    assert.equal(refreshed.status, 200);
    const other = await api("POST", "/api/auth/login", {
      body: { username: user.username, password: user.password },
      headers: { "x-forwarded-for": "198.51.100.77" },
    });
    assert.equal((await me(user.token)).status, 200);
    const out = await api("POST", "/api/auth/logout", { body: { refresh_token: refreshed.body.refresh_token } });
    assert.equal(out.status, 204);
    for (const token of [user.token, refreshed.body.access_token]) {
      const res = await me(token);
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, "INVALID_TOKEN");
    }
    assert.equal((await me(other.body.access_token)).status, 200, "another session of the user survives");
  });

  it("when a session logs out with only its access token, then that access token stops", async () => {
    const user = await newUser("loa");
    assert.equal((await api("POST", "/api/auth/logout", { token: user.token, body: {} })).status, 204);
    assert.equal((await me(user.token)).status, 401);
    assert.equal((await refresh(user.refreshToken)).status, 401);
  });

  it("when a family is revoked for reuse of a rotated refresh token, then its access tokens stop too", async () => {
    const user = await newUser("reuse_at");
    const rotated = await refresh(user.refreshToken);
    assert.equal(rotated.status, 200);
    await withClockAdvanced(PAST_GRACE_MS, async () => {
      assert.equal((await refresh(user.refreshToken)).status, 401);
    });
    for (const token of [user.token, rotated.body.access_token]) assert.equal((await me(token)).status, 401);
  });

  it("when two tabs refresh with the same token at once, then both get a working pair and the session survives", async () => {
    const user = await newUser("tabs");
    const [a, b] = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    for (const tab of [a, b]) {
      assert.equal((await me(tab.body.access_token)).status, 200);
      const next = await refresh(tab.body.refresh_token);
      assert.equal(next.status, 200, "each tab refreshes again later");
      assert.equal((await me(next.body.access_token)).status, 200);
    }
    assert.equal((await me(user.token)).status, 200);
  });
});
