import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { constantTimeEqual, hashAnswer } from "../src/services/challenges/answerHash.ts";
import { ChallengeGrader, type ChallengeRow } from "../src/services/challenges/ChallengeGrader.ts";
import { CodeSandbox } from "../src/services/challenges/sandbox/CodeSandbox.ts";
import { attempts, ledger } from "../src/db/schema.ts";
import { UNPROVEN_PAYOUT } from "@levelup/shared";
import { adminUser, attemptAndSubmit, balances, createChallenge, playerFrom, seeded } from "./challengesFixtures.ts";
import { type ApiResponse, api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

describe("attempts", () => {
  before(async function () {
    // The test server boots on first use, which takes long on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  it("when an attempt is started, then 201 with its id, challenge, status started and start time", async () => {
    const user = await newUser("atstart");
    const { id: challengeId } = await seeded("ctf-base64");
    const res = await api("POST", "/api/game/attempts", { token: user.token, body: { challengeId } });
    assert.equal(res.status, 201);
    assert.deepEqual(Object.keys(res.body).sort(), ["challengeId", "id", "startedAt", "status"]);
    assert.equal(res.body.status, "started");
    assert.equal(res.body.challengeId, challengeId);
    assert.ok(!Number.isNaN(Date.parse(res.body.startedAt)));
    const unknown = await api("POST", "/api/game/attempts", {
      token: user.token,
      body: { challengeId: "00000000-0000-4000-8000-000000000000" },
    });
    assert.equal(unknown.status, 404);
  });

  it("when the right flag is submitted, then passed with score 100 and the seeded rewards, paid into the profile", async () => {
    const user = await newUser("atflag");
    const { seed, id } = await seeded<"CTF">("ctf-base64");
    const before = await balances(user);
    const res = await attemptAndSubmit(user, id, `  ${seed.answer.toUpperCase()} `);
    assert.equal(res.status, 200);
    assert.equal(res.body.status, "passed");
    assert.equal(res.body.score, 100);
    assert.equal(res.body.xpAwarded, seed.xpReward);
    assert.equal(res.body.coinsAwarded, seed.coinReward);
    assert.equal(res.body.rewards.xp, seed.xpReward);
    const after = await balances(user);
    assert.equal(after.experience - before.experience, seed.xpReward);
    assert.equal(after.coins - before.coins, seed.coinReward);
  });

  it("when a wrong flag is submitted, then failed with score 0 and nothing paid", async () => {
    const user = await newUser("atwrong");
    const { id } = await seeded("bug-off-by-one");
    const res = await attemptAndSubmit(user, id, "3");
    assert.equal(res.status, 200);
    assert.deepEqual([res.body.status, res.body.score, res.body.xpAwarded, res.body.coinsAwarded], ["failed", 0, 0, 0]);
    assert.equal(res.body.rewards.reason, "failed");
    assert.deepEqual(await balances(user), { experience: 0, coins: 0, level: 1 });
  });

  it("when system design picks are graded, then the score is right picks minus wrong picks over the answer, floored at 0", async () => {
    const { seed, id } = await seeded<"SYSTEM_DESIGN">("design-rate-limit");
    const [a, b, c] = seed.correctChoices as [string, string, string];
    const wrong = seed.choices.map((x) => x.id).filter((x) => !seed.correctChoices.includes(x));
    const cases: [string[] | string, number, string][] = [
      [[a, b, c], 100, "passed"],
      [[a, b], 66, "passed"],
      [[a, b, c, wrong[0] as string], 66, "passed"],
      [a, 33, "failed"],
      [[a, ...wrong], 0, "failed"],
    ];
    for (const [answer, score, status] of cases) {
      const user = await newUser("atdesign");
      const res = await attemptAndSubmit(user, id, answer);
      assert.equal(res.status, 200);
      assert.equal(res.body.score, score, JSON.stringify(answer));
      assert.equal(res.body.status, status);
      assert.equal(res.body.xpAwarded, status === "passed" ? Math.floor((seed.xpReward * score) / 100) : 0);
    }
  });

  it("when a seeded CODE challenge gets its reference solution, then 100 and per-test results, hidden ones without detail", async () => {
    const user = await newUser("atcode");
    const { seed, id } = await seeded<"CODE">("code-palindrome");
    const res = await attemptAndSubmit(user, id, seed.solution);
    assert.equal(res.status, 200);
    assert.equal(res.body.score, 100);
    assert.equal(res.body.status, "passed");
    assert.equal(res.body.results.length, seed.tests.length);
    for (const r of res.body.results) {
      assert.equal(r.passed, true);
      if (r.visible) assert.equal(r.message, "ok");
      else assert.deepEqual(Object.keys(r).sort(), ["index", "passed", "visible"]);
    }
  });

  it("when an attempt is submitted twice, then the second is 409 and nothing more is paid", async () => {
    const user = await newUser("attwice");
    const { seed, id } = await seeded<"CTF">("ctf-rot13");
    const started = await api("POST", "/api/game/attempts", { token: user.token, body: { challengeId: id } });
    const path = `/api/game/attempts/${started.body.id}/submit`;
    const [first, second] = await Promise.all([
      api("POST", path, { token: user.token, body: { answer: seed.answer } }),
      api("POST", path, { token: user.token, body: { answer: seed.answer } }),
    ]);
    assert.deepEqual([first.status, second.status].sort(), [200, 409]);
    const conflict = first.status === 409 ? first : second;
    assert.equal(conflict.body.error.code, "ALREADY_SUBMITTED");
    const third = await api("POST", path, { token: user.token, body: { answer: seed.answer } });
    assert.equal(third.status, 409);
    assert.equal((await balances(user)).experience, seed.xpReward);
  });

  it("when a grading was lost (its process stopped), then the attempt can be submitted again after 15 minutes", async () => {
    const user = await newUser("atstale");
    const { seed, id } = await seeded<"CTF">("ctf-base64");
    const { server } = await testServer();
    const stuck = async (minutesAgo: number) => {
      const started = await api("POST", "/api/game/attempts", { token: user.token, body: { challengeId: id } });
      const claimedAt = new Date(server.ctx.clock.now() - minutesAgo * 60_000);
      await server.ctx.db
        .update(attempts)
        .set({ status: "grading", submittedAt: claimedAt })
        .where(eq(attempts.id, started.body.id));
      return `/api/game/attempts/${started.body.id}/submit`;
    };
    const recent = await api("POST", await stuck(1), { token: user.token, body: { answer: seed.answer } });
    assert.equal(recent.status, 409, "a grading in progress is not taken over");
    const lost = await api("POST", await stuck(16), { token: user.token, body: { answer: seed.answer } });
    assert.equal(lost.status, 200);
    assert.equal(lost.body.status, "passed");
  });

  it("when a user passes a challenge again, then the later pass pays nothing", async () => {
    const user = await newUser("atagain");
    const { seed, id } = await seeded<"CTF">("ctf-hex");
    const first = await attemptAndSubmit(user, id, seed.answer);
    assert.equal(first.body.xpAwarded, seed.xpReward);
    const second = await attemptAndSubmit(user, id, seed.answer);
    assert.equal(second.body.status, "passed");
    assert.equal(second.body.xpAwarded, 0);
    assert.equal(second.body.coinsAwarded, 0);
    assert.equal(second.body.rewards.reason, "already_rewarded");
    const oneStep = await api("POST", "/api/game/challenges/submit", {
      token: user.token,
      body: { challengeId: id, answer: seed.answer },
    });
    assert.equal(oneStep.body.correct, true);
    assert.equal(oneStep.body.rewards.xp, 0);
    const after = await balances(user);
    assert.equal(after.experience, seed.xpReward);
    assert.equal(after.coins, seed.coinReward);
    const { server } = await testServer();
    const paid = await server.ctx.db
      .select()
      .from(ledger)
      .where(and(eq(ledger.userId, user.id), eq(ledger.ref, `challenge:${id}`)));
    assert.equal(paid.length, 2, "one XP and one coin entry, once");
  });

  it("when a creator solves their own challenge, then it is graded but pays nothing", async () => {
    const creator = await newUser("atself");
    const created = await createChallenge(creator.token, {
      type: "CTF",
      title: "My own flag",
      description: "flag{mine}",
      difficulty: 1,
      xpReward: 100,
      coinReward: 50,
      answer: "flag{mine}",
    });
    const res = await attemptAndSubmit(creator, created.id, "flag{mine}");
    assert.equal(res.body.status, "passed");
    assert.equal(res.body.score, 100);
    assert.equal(res.body.xpAwarded, 0);
    assert.equal(res.body.rewards.reason, "own_challenge");
    assert.deepEqual(await balances(creator), { experience: 0, coins: 0, level: 1 });

    // Someone else, established and from another network, is paid (what an unproven challenge pays).
    const other = await playerFrom("atother", "198.51.100.21", 2);
    const paid = await attemptAndSubmit(other, created.id, "flag{mine}");
    assert.equal(paid.body.xpAwarded, UNPROVEN_PAYOUT.xp);
    assert.equal(paid.body.coinsAwarded, UNPROVEN_PAYOUT.coins);
  });

  it("when a challenge is deleted after it paid, then the attempts and the rewards stay and it cannot be attempted", async () => {
    // An admin's challenge: server-made content pays its rewards as they are.
    const owner = await adminUser();
    const created = await createChallenge(owner.token, {
      type: "BUG_BOUNTY",
      title: "Short-lived bug",
      description: "The answer is 7.",
      difficulty: 1,
      xpReward: 80,
      coinReward: 40,
      answer: "7",
    });
    const player = await newUser("atdelplay");
    const passed = await attemptAndSubmit(player, created.id, "7");
    const pending = await api("POST", "/api/game/attempts", { token: player.token, body: { challengeId: created.id } });
    assert.equal((await api("DELETE", `/api/game/challenges/${created.id}`, { token: owner.token })).status, 204);

    const history = await api("GET", `/api/game/attempts/${passed.body.id}`, { token: player.token });
    assert.equal(history.status, 200);
    assert.equal(history.body.status, "passed");
    assert.equal(history.body.xpAwarded, 80);
    assert.equal(history.body.challengeTitle, "Short-lived bug");
    assert.deepEqual(await balances(player), { experience: 80, coins: 40, level: 1 });
    const late = await api("POST", `/api/game/attempts/${pending.body.id}/submit`, {
      token: player.token,
      body: { answer: "7" },
    });
    assert.equal(late.status, 404);
    const fresh = await api("POST", "/api/game/attempts", { token: player.token, body: { challengeId: created.id } });
    assert.equal(fresh.status, 404);
  });

  it("when attempts are listed, then only the caller's come, newest first, in pages; another's attempt is 404", async () => {
    const user = await newUser("atlist");
    const { id } = await seeded("ctf-base64");
    const { server } = await testServer();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api("POST", "/api/game/attempts", { token: user.token, body: { challengeId: id } });
      ids.push(res.body.id);
      server.ctx.clock.advance(1000);
    }
    const page1 = await api("GET", "/api/game/attempts?limit=2", { token: user.token });
    assert.equal(page1.status, 200);
    assert.deepEqual(
      page1.body.items.map((a: { id: string }) => a.id),
      [ids[2], ids[1]],
    );
    const page2 = await api("GET", `/api/game/attempts?limit=2&cursor=${page1.body.nextCursor}`, { token: user.token });
    assert.deepEqual(
      page2.body.items.map((a: { id: string }) => a.id),
      [ids[0]],
    );
    assert.equal(page2.body.nextCursor, null);
    assert.equal(page2.body.items[0].challengeTitle, "Not so secret");

    const other = await newUser("atsnoop");
    assert.equal((await api("GET", `/api/game/attempts/${ids[0]}`, { token: other.token })).status, 404);
    assert.equal(
      (await api("POST", `/api/game/attempts/${ids[0]}/submit`, { token: other.token, body: { answer: "x" } })).status,
      404,
    );
    const theirs = await api("GET", "/api/game/attempts", { token: other.token });
    assert.deepEqual(theirs.body.items, []);
  });

  it("when the one-step form is used, then it answers {correct, score, rewards} and records an attempt", async () => {
    const user = await newUser("atonestep");
    const { seed, id } = await seeded<"BUG_BOUNTY">("bug-sql-injection");
    const res = await api("POST", "/api/game/challenges/submit", {
      token: user.token,
      body: { challengeId: id, answer: seed.answer },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.correct, true);
    assert.equal(res.body.score, 100);
    assert.equal(res.body.rewards.xp, seed.xpReward);
    assert.equal(res.body.rewards.coins, seed.coinReward);
    const recorded = await api("GET", `/api/game/attempts/${res.body.attemptId}`, { token: user.token });
    assert.equal(recorded.body.status, "passed");
  });

  it("when answers are too large or of the wrong form, then 400 and the attempt can still be submitted", async () => {
    const user = await newUser("atsize");
    const code = await seeded("code-sum-evens");
    const tooLong = await attemptAndSubmit(user, code.id, `// ${"x".repeat(20_001)}`);
    assert.equal(tooLong.status, 400);
    const flag = await seeded("ctf-base64");
    const started = await api("POST", "/api/game/attempts", { token: user.token, body: { challengeId: flag.id } });
    const path = `/api/game/attempts/${started.body.id}/submit`;
    const longFlag = await api("POST", path, { token: user.token, body: { answer: "f".repeat(201) } });
    assert.equal(longFlag.status, 400);
    const listForFlag = await api("POST", path, { token: user.token, body: { answer: ["a", "b"] } });
    assert.equal(listForFlag.status, 400);
    const missing = await api("POST", path, { token: user.token, body: {} });
    assert.equal(missing.status, 400);
    const after = await api("POST", path, { token: user.token, body: { answer: "nope" } });
    assert.equal(after.status, 200, "a refused answer leaves the attempt open");
    assert.equal(after.body.status, "failed");
    const oneStep = await api("POST", "/api/game/challenges/submit", {
      token: user.token,
      body: { challengeId: code.id, answer: ["not", "code"] },
    });
    assert.equal(oneStep.status, 400);
    const recorded = await api("GET", "/api/game/attempts", { token: user.token });
    assert.equal(recorded.body.items.length, 2, "a refused one-step answer records no attempt");
  });

  it("when a player keeps answering a bug bounty wrong, then past the free tries each answer waits longer (429 GUESS_COOLDOWN) and the refusal is counted", async () => {
    const user = await newUser("atguess");
    const { id, seed } = await seeded<"BUG_BOUNTY">("bug-idor");
    const { server } = await testServer();
    const refusals = async () =>
      (await server.ctx.metrics.integrityRefusals.get()).values.find(
        (v) => v.labels.rule === "challenge.guess_cooldown",
      )?.value ?? 0;
    const refusedBefore = await refusals();
    const guess = (answer: string) =>
      api("POST", "/api/game/challenges/submit", { token: user.token, body: { challengeId: id, answer } });
    for (const line of ["1", "2", "3"]) {
      const res = await guess(line);
      assert.equal(res.status, 200);
      assert.equal(res.body.correct, false);
    }
    const refused = await guess("4");
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error.code, "GUESS_COOLDOWN");
    const firstWait = Number(refused.headers.get("retry-after"));
    assert.ok(firstWait >= 1 && firstWait <= 30, `Retry-After ${firstWait}`);
    assert.equal(refused.body.error.details.retryAfterSeconds, firstWait);
    assert.equal(await refusals(), refusedBefore + 1);
    assert.equal((await guess(seed.answer)).status, 429, "even the right answer waits");

    server.ctx.clock.advance(31_000);
    const afterWait = await guess("4");
    assert.equal(afterWait.status, 200);
    assert.equal(afterWait.body.correct, false);
    const longer = await guess(seed.answer);
    assert.equal(longer.status, 429);
    assert.ok(Number(longer.headers.get("retry-after")) > 30, "the second wait is longer");

    server.ctx.clock.advance(61_000);
    const right = await guess(seed.answer);
    assert.equal(right.status, 200);
    assert.equal(right.body.correct, true);
  });

  it("when a player sends the same answer several times at once past the free tries, then only the free ones are graded", async () => {
    const user = await newUser("atguesspar");
    const { id } = await seeded("bug-sql-injection");
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api("POST", "/api/game/challenges/submit", {
          token: user.token,
          body: { challengeId: id, answer: `${i + 1}` },
        }),
      ),
    );
    const graded = results.filter((r) => r.status === 200).length;
    assert.equal(graded, 3, JSON.stringify(results.map((r) => r.status)));
    assert.ok(results.filter((r) => r.status === 429).every((r) => r.body.error.code === "GUESS_COOLDOWN"));
  });

  it("when one user submits to one challenge too fast, then 429 with Retry-After", async () => {
    const user = await newUser("atrate");
    const { id, seed } = await seeded<"BUG_BOUNTY">("bug-idor");
    const statuses: number[] = [];
    let limited: ApiResponse | undefined;
    // Right answers (the first pays, the others are already rewarded): no cooldown, only the rate.
    for (let i = 0; i < 7; i++) {
      const res = await api("POST", "/api/game/challenges/submit", {
        token: user.token,
        body: { challengeId: id, answer: seed.answer },
      });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
    assert.ok(limited, `limited after 5: ${statuses}`);
    assert.equal(limited.body.error.code, "RATE_LIMITED");
    assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    // Another challenge still has its own budget (the per-user one is larger).
    const { id: other } = await seeded("ctf-base64");
    const elsewhere = await api("POST", "/api/game/challenges/submit", {
      token: user.token,
      body: { challengeId: other, answer: "x" },
    });
    assert.equal(elsewhere.status, 200);
  });

  it("when one user submits across many challenges too fast, then the per-user limit answers 429", async () => {
    const user = await newUser("atrate2");
    const admin = await adminUser();
    const targets = [];
    for (let i = 0; i < 5; i++) {
      targets.push(
        await createChallenge(admin.token, {
          type: "CTF",
          title: `Rate target ${i}`,
          description: "x",
          difficulty: 1,
          xpReward: 1,
          coinReward: 1,
          answer: "x",
        }),
      );
    }
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const target = targets[i % targets.length];
      const res = await api("POST", "/api/game/challenges/submit", {
        token: user.token,
        // Right answers: wrong ones would meet the guess cooldown before the per-user limit.
        body: { challengeId: target.id, answer: "x" },
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200));
    assert.equal(statuses[20], 429);
  });

  it("when a flag is graded, then the hashes are compared by constantTimeEqual", async () => {
    const { server } = await testServer();
    // The running server's grader is built with the constant-time compare…
    assert.equal(server.ctx.attempts.grader.compare, constantTimeEqual);
    // …and grading a flag goes through the grader's compare, once per submission.
    const calls: [Buffer, Buffer][] = [];
    const watched = new ChallengeGrader(new CodeSandbox(), (a, b) => {
      calls.push([a, b]);
      return constantTimeEqual(a, b);
    });
    const row = { type: "CTF", answerHash: await hashAnswer("flag{x}") } as ChallengeRow;
    assert.equal((await watched.grade(row, "FLAG{X}", "player")).score, 100);
    assert.equal((await watched.grade(row, "flag{y}", "player")).score, 0);
    assert.equal(calls.length, 2);
    assert.ok(calls.every(([a, b]) => a.length === 32 && b.length === 32));

    assert.equal(constantTimeEqual(Buffer.from("abc"), Buffer.from("abc")), true);
    assert.equal(constantTimeEqual(Buffer.from("abc"), Buffer.from("abd")), false);
    assert.equal(constantTimeEqual(Buffer.from("abc"), Buffer.from("abcd")), false);
  });

  it("when an attempt row is stored, then grading left no hidden test data in it", async () => {
    const user = await newUser("atrow");
    const { seed, id } = await seeded<"CODE">("code-fizzbuzz");
    const res = await attemptAndSubmit(user, id, "function fizzBuzz(n) { return []; }");
    assert.equal(res.body.score, 33, "only fizzBuzz(0) passes");
    const { server } = await testServer();
    const [row] = await server.ctx.db.select().from(attempts).where(eq(attempts.id, res.body.id));
    const stored = JSON.stringify(row?.results);
    const hidden = seed.tests.find((t) => !t.visible && Array.isArray(t.expected) && t.expected.length === 15);
    assert.ok(hidden);
    assert.ok(!stored.includes("FizzBuzz"), "the hidden fizzBuzz(15) expectation is not stored");
    assert.ok(stored.includes("expected"), "the visible test's message is");
  });
});
