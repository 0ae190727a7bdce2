import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { challengeSeeds, type ChallengeSeed } from "../src/content/challenges.ts";
import { challenges, users } from "../src/db/schema.ts";
import { api, makeAdmin, newUser, type TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

/** Shared set-up of the challenge, attempt and sandbox tests. */

let admin: Promise<TestUser> | undefined;
/** One admin per run: it may create challenges with any rewards. */
export function adminUser(): Promise<TestUser> {
  admin ??= newUser("chadmin").then(makeAdmin);
  return admin;
}

/** Creates a challenge through the API and returns its public view (fails the test on any other status). */
export async function createChallenge(token: string, body: Record<string, unknown>): Promise<any> {
  const res = await api("POST", "/api/game/challenges", { token, body });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A CODE challenge body with the given tests (each { fn, args, expected, visible? }). */
export function codeChallenge(tests: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "CODE",
    title: "Test code challenge",
    description: "Write the function the tests call.",
    difficulty: 1,
    xpReward: 100,
    coinReward: 50,
    language: "javascript",
    starterCode: "",
    tests,
    ...extra,
  };
}

/** A seeded challenge's content entry (with its plain answer) and its id in this run's database. */
export async function seeded<K extends ChallengeSeed["type"]>(
  contentKey: string,
): Promise<{ seed: Extract<ChallengeSeed, { type: K }>; id: string }> {
  const seed = challengeSeeds.find((s) => s.contentKey === contentKey);
  if (!seed) throw new Error(`no seed ${contentKey}`);
  const { server } = await testServer();
  const [row] = await server.ctx.db
    .select({ id: challenges.id })
    .from(challenges)
    .where(eq(challenges.contentKey, contentKey));
  if (!row) throw new Error(`seed ${contentKey} not loaded`);
  return { seed: seed as Extract<ChallengeSeed, { type: K }>, id: row.id };
}

/** Starts an attempt and submits `answer`, returning the submit response. */
export async function attemptAndSubmit(user: TestUser, challengeId: string, answer: unknown) {
  const started = await api("POST", "/api/game/attempts", { token: user.token, body: { challengeId } });
  if (started.status !== 201) throw new Error(`start failed: ${started.status} ${JSON.stringify(started.body)}`);
  return api("POST", `/api/game/attempts/${started.body.id}/submit`, { token: user.token, body: { answer } });
}

/** The user's balances as GET /api/game/profile reports them. */
export async function balances(user: TestUser): Promise<{ experience: number; coins: number; level: number }> {
  const res = await api("GET", "/api/game/profile", { token: user.token });
  if (res.status !== 200) throw new Error(`profile failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { experience: res.body.experience, coins: res.body.coins, level: res.body.level };
}

/**
 * A player registered from `ip` (sent as X-Forwarded-For, which the test server trusts from
 * loopback): test players otherwise all register from 127.0.0.1, which links them to each other.
 * With `ageDays`, the account is made that much older, as if registered then.
 */
export async function playerFrom(prefix: string, ip: string, ageDays = 0): Promise<TestUser> {
  const username = `${prefix}_${randomBytes(5).toString("hex")}`.slice(0, 32);
  const res = await api("POST", "/api/auth/register", {
    body: { username, email: `${username}@example.test`, password: "password123" },
    headers: { "x-forwarded-for": ip },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (ageDays > 0) {
    const { server } = await testServer();
    const createdAt = new Date(server.ctx.clock.now() - ageDays * 24 * 3600 * 1000);
    await server.ctx.db.update(users).set({ createdAt }).where(eq(users.id, res.body.user.id));
  }
  return {
    id: res.body.user.id,
    username,
    password: "password123",
    token: res.body.access_token,
    refreshToken: res.body.refresh_token,
  };
}
