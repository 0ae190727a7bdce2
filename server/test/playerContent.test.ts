import assert from "node:assert/strict";
import { PLAYER_CONTENT_DAILY_CAP, UNPROVEN_PAYOUT } from "@levelup/shared";
import { attemptAndSubmit, balances, createChallenge, playerFrom } from "./challengesFixtures.ts";
import type { TestUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

/** A difficulty-5 CTF at the player caps (500 XP, 250 coins): what an alt farm would make. */
function richFlag(title: string, answer: string) {
  return { type: "CTF", title, description: "Guess it.", difficulty: 5, xpReward: 500, coinReward: 250, answer };
}

async function xpOf(players: TestUser[]): Promise<number> {
  let total = 0;
  for (const p of players) total += (await balances(p)).experience;
  return total;
}

describe("player-made content cannot mint currency", () => {
  before(async function () {
    // The test server boots on first use, which takes long on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  it("when one person's 10 fresh alt accounts make rich challenges for their main account and each other, then all of them together earn at most 300 XP that day", async function () {
    this.timeout(300_000);
    // Alts from 10 different networks (a VPN): the rule must hold without any IP link.
    const main = await playerFrom("farmmain", "198.51.100.50", 30);
    const alts: TestUser[] = [];
    for (let i = 1; i <= 10; i++) alts.push(await playerFrom(`farmalt${i}`, `203.0.113.${i}`));
    const made = [];
    for (const [i, alt] of alts.entries())
      made.push(await createChallenge(alt.token, richFlag(`Alt flag ${i}`, `flag{${i}}`)));
    const mains = await createChallenge(main.token, richFlag("Main flag", "flag{main}"));
    const before = await xpOf([main, ...alts]);

    for (const [i, challenge] of made.entries()) {
      const res = await attemptAndSubmit(main, challenge.id, `flag{${i}}`);
      assert.equal(res.body.status, "passed");
    }
    for (const [a, alt] of alts.entries()) {
      assert.equal((await attemptAndSubmit(alt, mains.id, "flag{main}")).body.rewards.reason, "new_account");
      const next: number = (a + 1) % made.length;
      assert.equal((await attemptAndSubmit(alt, made[next].id, `flag{${next}}`)).body.xpAwarded, 0);
    }

    const earned = (await xpOf([main, ...alts])) - before;
    assert.ok(earned <= 300, `the farm earned ${earned} XP`);
    assert.equal(earned, 10 * UNPROVEN_PAYOUT.xp, "the main account got the unproven amount per alt challenge");
    assert.ok((await balances(main)).coins <= 10 * UNPROVEN_PAYOUT.coins);
  });

  it("when two established accounts registered from one network, then they are linked and their challenges pay each other nothing", async () => {
    const { server } = await testServer();
    const main = await playerFrom("linkmain", "192.0.2.77", 30);
    const alt = await playerFrom("linkalt", "192.0.2.77", 30);
    const stranger = await playerFrom("linkother", "192.0.2.78", 30);
    assert.equal(await server.ctx.accountLinks.linked(main.id, alt.id), true);
    assert.equal(await server.ctx.accountLinks.linked(main.id, stranger.id), false);
    const made = await createChallenge(alt.token, richFlag("Sibling flag", "flag{sibling}"));
    const res = await attemptAndSubmit(main, made.id, "flag{sibling}");
    assert.equal(res.body.status, "passed");
    assert.equal(res.body.xpAwarded, 0);
    assert.equal(res.body.rewards.reason, "linked_accounts");
    const paid = await attemptAndSubmit(stranger, made.id, "flag{sibling}");
    assert.equal(paid.body.xpAwarded, UNPROVEN_PAYOUT.xp);
  });

  it("when three established, unlinked players have solved a player's challenge, then the next one is paid its full rewards", async () => {
    const creator = await playerFrom("provencreator", "192.0.2.10", 30);
    const made = await createChallenge(creator.token, {
      ...richFlag("Worth it", "flag{worth}"),
      difficulty: 1,
      xpReward: 100,
      coinReward: 50,
    });
    for (let i = 1; i <= 3; i++) {
      const solver = await playerFrom(`provensolver${i}`, `192.0.2.${10 + i}`, 30);
      const res = await attemptAndSubmit(solver, made.id, "flag{worth}");
      assert.equal(res.body.xpAwarded, UNPROVEN_PAYOUT.xp, `solver ${i}`);
    }
    const fourth = await playerFrom("provensolver4", "192.0.2.20", 30);
    const res = await attemptAndSubmit(fourth, made.id, "flag{worth}");
    assert.equal(res.body.xpAwarded, 100);
    assert.equal(res.body.coinsAwarded, 50);
    assert.ok(100 <= PLAYER_CONTENT_DAILY_CAP.xp);
  });
});
