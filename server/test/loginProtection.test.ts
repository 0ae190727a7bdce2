import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { FREE_FAILURES } from "../src/services/auth/loginProtection.ts";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

let ipCounter = 0;
/** A client address of its own (the test server trusts X-Forwarded-For from loopback). */
const freshIp = () => `203.0.113.${100 + (++ipCounter % 150)}`;
const login = (username: string, password: string, ip: string) =>
  api("POST", "/api/auth/login", { body: { username, password }, headers: { "x-forwarded-for": ip } });

describe("login protection: no lockout as a weapon", () => {
  before(async function () {
    this.timeout(180_000);
    await testServer();
  });

  it("when an attacker guesses a victim's password from one IP, then the victim still logs in from theirs", async () => {
    const victim = await newUser("victim");
    const attacker = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await login(victim.username, `wrong-${i}`, attacker)).status);
    assert.ok(statuses.includes(429), `the attacker is slowed down: ${statuses.join(",")}`);
    const res = await login(victim.username, victim.password, freshIp());
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const byEmail = await login(`${victim.username}@example.test`, victim.password, freshIp());
    assert.equal(byEmail.status, 200);
  });

  it("when one IP keeps failing on one account, then it waits longer and longer (exponential backoff with Retry-After)", async () => {
    const user = await newUser("backoff");
    const ip = freshIp();
    for (let i = 0; i < FREE_FAILURES; i++) {
      assert.equal((await login(user.username, `wrong-${i}`, ip)).status, 401, `attempt ${i + 1}`);
    }
    const first = await login(user.username, user.password, ip);
    assert.equal(first.status, 429);
    assert.equal(first.body.error.code, "RATE_LIMITED");
    const firstWait = Number(first.headers.get("retry-after"));
    assert.ok(firstWait >= 1, `Retry-After ${firstWait}`);
    // Past the wait the server named, one more failure doubles it.
    await waitOut(firstWait);
    assert.equal((await login(user.username, "wrong-again", ip)).status, 401);
    const second = await login(user.username, user.password, ip);
    assert.equal(second.status, 429);
    assert.ok(Number(second.headers.get("retry-after")) >= 2 * firstWait, `${second.headers.get("retry-after")}`);
  });

  it("when an account is slowed down through its username, then its email answers as any unknown identifier would", async () => {
    const user = await newUser("linkable");
    const ip = freshIp();
    for (let i = 0; i < FREE_FAILURES + 1; i++) await login(user.username, `wrong-${i}`, ip);
    assert.equal((await login(user.username, "wrong", ip)).status, 429);
    const email = await login(`${user.username}@example.test`, "wrong", ip);
    const unknown = await login(`nobody_${randomBytes(4).toString("hex")}@example.test`, "wrong", ip);
    assert.equal(email.status, 401);
    assert.deepEqual(email.body, unknown.body);
  });
});

/** Waits `seconds` of real time (the limiter's own clock), a little more to be safe. */
function waitOut(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 200));
}
