import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import jwt from "jsonwebtoken";
import { tokenResponse } from "@levelup/shared";
import { profiles } from "../src/db/schema.ts";
import { ROTATION_GRACE_MS } from "../src/services/auth/refreshTokens.ts";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

const unique = (prefix: string) => `${prefix}_${randomBytes(5).toString("hex")}`;
/** A client address of its own (the server trusts X-Forwarded-For from loopback), so limits do not mix. */
const fromIp = () => ({ "x-forwarded-for": `198.51.100.${1 + (randomBytes(1)[0] as number)}` });
let ipCounter = 0;
const freshIp = () => ({ "x-forwarded-for": `203.0.113.${++ipCounter}` });

function register(body: Record<string, unknown>) {
  return api("POST", "/api/auth/register", { body });
}

function loginForm(username: string, password: string, headers: Record<string, string> = {}) {
  return api("POST", "/api/auth/login", {
    raw: new URLSearchParams({ grant_type: "password", username, password }).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
}

function login(username: string, password: string, headers: Record<string, string> = freshIp()) {
  return api("POST", "/api/auth/login", { body: { username, password }, headers });
}

describe("auth: registration", () => {
  it("when a user registers, then 201 with the user, an OAuth2 token pair and a level-1 profile", async () => {
    const username = unique("Reg");
    const res = await register({ username, email: `${username}@Example.test`, password: "password123" });
    assert.equal(res.status, 201);
    assert.equal(res.body.user.username, username);
    assert.equal(res.body.user.email, `${username}@example.test`.toLowerCase());
    assert.equal(res.body.user.role, "player");
    assert.ok(tokenResponse.safeParse(res.body).success);
    assert.equal(res.body.token_type, "bearer");
    assert.equal(res.body.expires_in, 24 * 3600);
    const { server } = await testServer();
    const [profile] = await server.ctx.db.select().from(profiles).where(eq(profiles.userId, res.body.user.id));
    assert.equal(profile?.level, 1);
    assert.equal(profile?.experience, 0);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["the username is 2 characters", { username: "ab" }, "username"],
    ["the username is 33 characters", { username: "a".repeat(33) }, "username"],
    ["the username has a space", { username: "bad name" }, "username"],
    ["the username has a non-ASCII letter", { username: "zoë_1234" }, "username"],
    ["the email is not an email", { email: "not-an-email" }, "email"],
    ["the password is 7 characters", { password: "1234567" }, "password"],
    ["the password is over 72 bytes", { password: "é".repeat(37) }, "password"],
    ["the username is missing", { username: undefined }, "username"],
    ["the email is missing", { email: undefined }, "email"],
    ["the password is missing", { password: undefined }, "password"],
    ["the username is a number", { username: 12345 }, "username"],
  ];
  for (const [situation, override, field] of invalid) {
    it(`when ${situation}, then 400 VALIDATION_FAILED naming ${field}`, async () => {
      const username = unique("v");
      const res = await register({ username, email: `${username}@example.test`, password: "password123", ...override });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
      assert.deepEqual(
        res.body.error.details.fields.map((f: { path: string }) => f.path),
        [field],
      );
    });
  }

  it("when the username differs from a taken one only in case, then 409 USERNAME_TAKEN", async () => {
    const user = await newUser("Case");
    const res = await register({
      username: user.username.toUpperCase(),
      email: `${unique("other")}@example.test`,
      password: "password123",
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, "USERNAME_TAKEN");
  });

  it("when the email is taken (in another case), then 409 EMAIL_TAKEN", async () => {
    const user = await newUser("mail");
    const res = await register({
      username: unique("other"),
      email: `${user.username}@example.test`.toUpperCase(),
      password: "password123",
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, "EMAIL_TAKEN");
  });
});

describe("auth: login", () => {
  it("when logging in with JSON by username (any case) or by email, then 200 with a token pair", async () => {
    const user = await newUser("json");
    for (const name of [user.username, user.username.toUpperCase(), `${user.username}@example.test`]) {
      const res = await login(name, user.password);
      assert.equal(res.status, 200, name);
      assert.ok(tokenResponse.safeParse(res.body).success);
      const me = await api("GET", "/api/auth/me", { token: res.body.access_token });
      assert.equal(me.body.id, user.id);
    }
  });

  it("when logging in with the OAuth2 form by username or by email, then 200 with a token pair", async () => {
    const user = await newUser("form");
    for (const name of [user.username, `${user.username}@example.test`]) {
      const res = await loginForm(name, user.password, freshIp());
      assert.equal(res.status, 200, name);
      assert.ok(tokenResponse.safeParse(res.body).success);
    }
  });

  it("when the password is wrong or the user unknown, then the same 401 INVALID_CREDENTIALS body", async () => {
    const user = await newUser("wrong");
    const wrongPassword = await login(user.username, "not-the-password");
    const unknownUser = await login(unique("nobody"), "not-the-password");
    assert.equal(wrongPassword.status, 401);
    assert.equal(unknownUser.status, 401);
    assert.equal(wrongPassword.body.error.code, "INVALID_CREDENTIALS");
    assert.deepEqual(unknownUser.body, wrongPassword.body);
  });

  it("when the login body lacks the password, then 400 VALIDATION_FAILED", async () => {
    const res = await api("POST", "/api/auth/login", { body: { username: "someone" }, headers: freshIp() });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "VALIDATION_FAILED");
  });

  it("when one IP made 30 failed logins on any accounts, then its next is 429 and other IPs are unaffected", async () => {
    const ip = fromIp();
    for (let i = 0; i < 30; i++) {
      const res = await login(unique("ghost"), "password123", ip);
      assert.equal(res.status, 401, `attempt ${i + 1}`);
    }
    const user = await newUser("victim");
    const blocked = await login(user.username, user.password, ip);
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get("retry-after")) > 0);
    assert.equal((await login(user.username, user.password, freshIp())).status, 200);
  });

  it("when an IP logs in successfully many times, then it is never limited (successes do not count)", async () => {
    const user = await newUser("often");
    const ip = freshIp();
    for (let i = 0; i < 35; i++) assert.equal((await login(user.username, user.password, ip)).status, 200);
  });
});

describe("auth: me and access tokens", () => {
  it("when asking /me with a token, then the user's public fields come back", async () => {
    const user = await newUser("me");
    const res = await api("GET", "/api/auth/me", { token: user.token });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body).sort(), ["createdAt", "email", "id", "role", "username"]);
    assert.equal(res.body.username, user.username);
    assert.ok(!Number.isNaN(Date.parse(res.body.createdAt)));
  });

  it("when asking /me without a token, then 401 UNAUTHORIZED", async () => {
    const res = await api("GET", "/api/auth/me");
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "UNAUTHORIZED");
  });

  it("when the token is signed with another secret, then 401 INVALID_TOKEN", async () => {
    const user = await newUser("forged");
    const forged = jwt.sign(
      { sub: user.id, username: user.username, role: "admin", tv: 0 },
      "another-secret-".repeat(4),
    );
    const res = await api("GET", "/api/auth/me", { token: forged });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "INVALID_TOKEN");
  });

  it("when the token is unsigned (alg none) or not a JWT, then 401 INVALID_TOKEN", async () => {
    const user = await newUser("none");
    const unsigned = jwt.sign({ sub: user.id, username: user.username, role: "player", tv: 0 }, "", {
      algorithm: "none",
    });
    for (const token of [unsigned, "not.a.jwt", "garbage"]) {
      const res = await api("GET", "/api/auth/me", { token });
      assert.equal(res.status, 401, token);
      assert.equal(res.body.error.code, "INVALID_TOKEN");
    }
  });

  it("when the token has expired, then 401 TOKEN_EXPIRED", async () => {
    const user = await newUser("expired");
    const { server } = await testServer();
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = jwt.sign(
      { sub: user.id, username: user.username, role: "player", tv: 0, iat: past - 3600, exp: past },
      server.ctx.config.JWT_SECRET,
    );
    const res = await api("GET", "/api/auth/me", { token: expired });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "TOKEN_EXPIRED");
  });
});

describe("auth: tokens whose signature was checked before (AccessTokens.verifiedClaims)", () => {
  const claimsOf = (token: string) => jwt.decode(token) as { sub: string; username: string; tv: number; sid: string };

  it("when a used token's payload is sent with another signature, then 401 INVALID_TOKEN", async () => {
    const user = await newUser("resigned");
    assert.equal((await api("GET", "/api/auth/me", { token: user.token })).status, 200);
    const [header, payload] = user.token.split(".");
    const tampered = `${header}.${payload}.${"A".repeat(43)}`;
    for (const path of ["/api/auth/me", "/api/game/profile"]) {
      const res = await api("GET", path, { token: tampered });
      assert.equal(res.status, 401, path);
      assert.equal(res.body.error.code, "INVALID_TOKEN");
    }
  });

  it("when a token that was accepted expires, then the next request gets 401 TOKEN_EXPIRED", async () => {
    const user = await newUser("shortlived");
    const { server } = await testServer();
    const now = Math.floor(Date.now() / 1000);
    const short = jwt.sign(
      { ...claimsOf(user.token), role: "player", iat: now, exp: now + 2 },
      server.ctx.config.JWT_SECRET,
    );
    assert.equal((await api("GET", "/api/game/profile", { token: short })).status, 200);
    assert.equal((await api("GET", "/api/game/profile", { token: short })).status, 200);
    await new Promise((r) => setTimeout(r, (now + 2) * 1000 - Date.now() + 50));
    const res = await api("GET", "/api/game/profile", { token: short });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "TOKEN_EXPIRED");
  });

  it("when an accepted token's session is logged out, then the same token is refused at once", async () => {
    const user = await newUser("remembered");
    assert.equal((await api("GET", "/api/game/profile", { token: user.token })).status, 200);
    const out = await api("POST", "/api/auth/logout", {
      token: user.token,
      body: { refresh_token: user.refreshToken },
    });
    assert.equal(out.status, 204);
    const res = await api("GET", "/api/game/profile", { token: user.token });
    assert.equal(res.status, 401);
  });
});

describe("auth: refresh and logout", () => {
  const refresh = (token: string) => api("POST", "/api/auth/refresh", { body: { refresh_token: token } });

  /** Runs `check` with the server's clock past the grace of a just-rotated refresh token. */
  async function pastRotationGrace(check: () => Promise<void>) {
    const { server } = await testServer();
    server.ctx.clock.advance(ROTATION_GRACE_MS + 1_000);
    try {
      await check();
    } finally {
      server.ctx.clock.reset();
    }
  }

  it("when a refresh token is used, then a new pair comes back and the old refresh token stops working (after the rotation grace)", async () => {
    const user = await newUser("rot");
    const first = await refresh(user.refreshToken);
    assert.equal(first.status, 200);
    assert.ok(tokenResponse.safeParse(first.body).success);
    assert.notEqual(first.body.refresh_token, user.refreshToken);
    assert.equal((await api("GET", "/api/auth/me", { token: first.body.access_token })).status, 200);
    const again = await refresh(first.body.refresh_token);
    assert.equal(again.status, 200);
    await pastRotationGrace(async () => {
      assert.equal((await refresh(first.body.refresh_token)).status, 401);
    });
  });

  it("when a rotated refresh token is reused after the grace, then the whole family is revoked, the newest token too", async () => {
    const user = await newUser("reuse");
    const rotated = await refresh(user.refreshToken);
    assert.equal(rotated.status, 200);
    await pastRotationGrace(async () => {
      const reuse = await refresh(user.refreshToken);
      assert.equal(reuse.status, 401);
      assert.equal(reuse.body.error.code, "INVALID_TOKEN");
      assert.equal((await refresh(rotated.body.refresh_token)).status, 401);
    });
    // Another login of the same user is another family and keeps working.
    const other = await login(user.username, user.password);
    assert.equal((await refresh(other.body.refresh_token)).status, 200);
  });

  it("when a refresh token is unknown, then 401 INVALID_TOKEN", async () => {
    const res = await refresh(randomBytes(32).toString("base64url"));
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, "INVALID_TOKEN");
  });

  it("when logging out with a refresh token, then 204, it stops working, and logging out again is still 204", async () => {
    const user = await newUser("out");
    const res = await api("POST", "/api/auth/logout", { body: { refresh_token: user.refreshToken } });
    assert.equal(res.status, 204);
    assert.equal((await refresh(user.refreshToken)).status, 401);
    const again = await api("POST", "/api/auth/logout", { body: { refresh_token: user.refreshToken } });
    assert.equal(again.status, 204);
  });

  it("when a user logs out everywhere, then every access and refresh token of every session stops at once", async () => {
    const user = await newUser("everywhere");
    const second = await login(user.username, user.password);
    const bystander = await newUser("bystander");
    const res = await api("POST", "/api/auth/logout", { token: user.token, body: { everywhere: true } });
    assert.equal(res.status, 204);
    for (const token of [user.token, second.body.access_token]) {
      const me = await api("GET", "/api/auth/me", { token });
      assert.equal(me.status, 401);
      assert.equal(me.body.error.code, "INVALID_TOKEN");
    }
    assert.equal((await refresh(user.refreshToken)).status, 401);
    assert.equal((await refresh(second.body.refresh_token)).status, 401);
    assert.equal((await api("GET", "/api/auth/me", { token: bystander.token })).status, 200);
    // Signing in again works and gives tokens that work.
    const again = await login(user.username, user.password);
    assert.equal((await api("GET", "/api/auth/me", { token: again.body.access_token })).status, 200);
  });

  it("when logging out everywhere with only a refresh token, then it identifies the user", async () => {
    const user = await newUser("everywhere_rt");
    const res = await api("POST", "/api/auth/logout", { body: { refresh_token: user.refreshToken, everywhere: true } });
    assert.equal(res.status, 204);
    assert.equal((await api("GET", "/api/auth/me", { token: user.token })).status, 401);
  });

  it("when logging out with an expired access token beside the refresh token, then the session still ends", async () => {
    const user = await newUser("stale");
    const { server } = await testServer();
    const past = Math.floor(Date.now() / 1000) - 60;
    const expired = jwt.sign(
      { sub: user.id, username: user.username, role: "player", tv: 0, exp: past },
      server.ctx.config.JWT_SECRET,
    );
    const res = await api("POST", "/api/auth/logout", { token: expired, body: { refresh_token: user.refreshToken } });
    assert.equal(res.status, 204);
    assert.equal((await refresh(user.refreshToken)).status, 401);
  });

  it("when logging out everywhere with nothing that identifies the user, then 401", async () => {
    const res = await api("POST", "/api/auth/logout", { body: { everywhere: true } });
    assert.equal(res.status, 401);
  });

  it("when a signed-in user logs out with someone else's refresh token, then that session survives", async () => {
    const user = await newUser("caller");
    const victim = await newUser("victim");
    const res = await api("POST", "/api/auth/logout", {
      token: user.token,
      body: { refresh_token: victim.refreshToken },
    });
    assert.equal(res.status, 204);
    assert.equal((await refresh(victim.refreshToken)).status, 200);
  });
});
