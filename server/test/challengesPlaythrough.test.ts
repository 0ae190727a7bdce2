import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { challengeSeeds } from "../src/content/challenges.ts";
import { balances } from "./challengesFixtures.ts";
import { api, newUser } from "./support/api.ts";
import { until } from "./support/deadlines.ts";
import { testServer } from "./support/testServer.ts";

describe("a new player solves one challenge of each type", () => {
  it("when a new user lists, attempts and passes each seeded type over REST, then XP, coins, quests and pushes move", async () => {
    const user = await newUser("player");
    const { server } = await testServer();
    const client = new Client(server.url);
    client.auth.token = user.token;
    const hub = await client.joinOrCreate("hub");
    const pushes: unknown[] = [];
    hub.onMessage("xp_update", (payload) => pushes.push(payload));

    const start = await balances(user);
    assert.deepEqual(start, { experience: 0, coins: 0, level: 1 });

    // What a player would do: browse by type, open a challenge, read it, answer it.
    const solutions: Record<string, (challenge: any) => unknown> = {
      CTF: () => Buffer.from("ZmxhZ3tiYXNlNjRfaXNfbm90X2VuY3J5cHRpb259", "base64").toString("utf8"),
      BUG_BOUNTY: () => "3:items.length-1",
      SYSTEM_DESIGN: (c) =>
        c.choices
          .map((choice: { id: string }) => choice.id)
          .filter((id: string) => ["shared-store", "retry-after", "window"].includes(id)),
      CODE: () =>
        "function sumEvens(numbers) { return numbers.filter((n) => n % 2 === 0).reduce((a, b) => a + b, 0); }",
    };
    const titles: Record<string, string> = {
      CTF: "Not so secret",
      BUG_BOUNTY: "The last item",
      SYSTEM_DESIGN: "Rate limiting a public API",
      CODE: "Sum of the evens",
    };
    let expectedXp = 0;
    let expectedCoins = 0;
    for (const type of ["CTF", "BUG_BOUNTY", "SYSTEM_DESIGN", "CODE"]) {
      const list = await api("GET", `/api/game/challenges?type=${type}&limit=100`, { token: user.token });
      assert.equal(list.status, 200);
      const summary = list.body.items.find((c: { title: string }) => c.title === titles[type]);
      assert.ok(summary, `${titles[type]} listed under ${type}`);
      const challenge = (await api("GET", `/api/game/challenges/${summary.id}`, { token: user.token })).body;
      const started = await api("POST", "/api/game/attempts", {
        token: user.token,
        body: { challengeId: challenge.id },
      });
      assert.equal(started.status, 201);
      const answer = (solutions[type] as (c: unknown) => unknown)(challenge);
      const graded = await api("POST", `/api/game/attempts/${started.body.id}/submit`, {
        token: user.token,
        body: { answer },
      });
      assert.equal(graded.status, 200, JSON.stringify(graded.body));
      assert.equal(graded.body.status, "passed", `${type}: ${JSON.stringify(graded.body)}`);
      assert.equal(graded.body.score, 100);
      assert.equal(graded.body.xpAwarded, challenge.xpReward);
      assert.equal(graded.body.coinsAwarded, challenge.coinReward);
      expectedXp += challenge.xpReward;
      expectedCoins += challenge.coinReward;
      const now = await balances(user);
      assert.equal(now.experience, expectedXp, `XP after ${type}`);
      assert.equal(now.coins, expectedCoins, `coins after ${type}`);
    }

    const seedXp = ["ctf-base64", "bug-off-by-one", "design-rate-limit", "code-sum-evens"]
      .map((key) => challengeSeeds.find((s) => s.contentKey === key)?.xpReward ?? 0)
      .reduce((a, b) => a + b, 0);
    assert.equal(expectedXp, seedXp, "paid exactly the seeded rewards");
    assert.equal((await balances(user)).level, 2, "260 XP is level 2");

    const history = await api("GET", "/api/game/attempts", { token: user.token });
    assert.equal(history.body.items.length, 4);
    assert.ok(history.body.items.every((a: { status: string }) => a.status === "passed"));

    const quests = await api("GET", "/api/game/quests", { token: user.token });
    assert.equal(quests.status, 200);
    const challengeGoals = quests.body.items.flatMap((q: { requirements: { kind: string; progress: number }[] }) =>
      q.requirements.filter((r) => r.kind === "challenges_passed"),
    );
    assert.ok(challengeGoals.length > 0, "a quest counts passed challenges");
    assert.ok(
      challengeGoals.every((r: { progress: number }) => r.progress >= 1),
      JSON.stringify(challengeGoals),
    );

    // Pushes are published after each commit; wait until all four arrived.
    await until(() => pushes.length >= 4);
    await hub.leave();
    assert.equal(pushes.length, 4);
    assert.equal((pushes.at(-1) as { totalXp: number }).totalXp, expectedXp);
  });
});
