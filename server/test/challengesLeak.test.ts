import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { challenges } from "../src/db/schema.ts";
import { codeChallenge, createChallenge } from "./challengesFixtures.ts";
import { type ApiResponse, api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

/** Secrets planted in challenges; no response of any challenge or attempt route may contain them. */
const FLAG = "flag{leak_sentinel_ctf_8812}";
const BUG = "leak-sentinel-bug-3391";
const HIDDEN_ARG = 918273645;
const HIDDEN_EXPECTED = "hidden-sentinel-5542";
const forbiddenFragments = [
  FLAG,
  BUG,
  String(HIDDEN_ARG),
  HIDDEN_EXPECTED,
  "scrypt",
  "answerHash",
  "answer_hash",
  "correctChoices",
  "correct_choices",
  '"tests"',
  '"answer"',
];

describe("challenge and attempt responses never leak secrets", () => {
  it("when every challenge and attempt route is called, then no JSON carries an answer, hash, correct choice or hidden test", async () => {
    const owner = await newUser("leakowner");
    const player = await newUser("leakplayer");
    const responses: [string, ApiResponse][] = [];
    const call = async (label: string, method: string, path: string, token: string, body?: unknown) => {
      const res = await api(method, path, { token, ...(body === undefined ? {} : { body }) });
      responses.push([label, res]);
      return res;
    };

    const common = { description: "Solve it.", difficulty: 2, xpReward: 100, coinReward: 50 };
    const ctfRes = await call("create CTF", "POST", "/api/game/challenges", owner.token, {
      type: "CTF",
      title: "Leak CTF",
      answer: FLAG,
      ...common,
    });
    const bugRes = await call("create BUG_BOUNTY", "POST", "/api/game/challenges", owner.token, {
      type: "BUG_BOUNTY",
      title: "Leak bug",
      answer: BUG,
      ...common,
    });
    const designRes = await call("create SYSTEM_DESIGN", "POST", "/api/game/challenges", owner.token, {
      type: "SYSTEM_DESIGN",
      title: "Leak design",
      choices: [
        { id: "good", text: "Good idea" },
        { id: "bad", text: "Bad idea" },
      ],
      correctChoices: ["good"],
      ...common,
    });
    const code = await createChallenge(
      owner.token,
      codeChallenge([
        { fn: "echo", args: ["shown"], expected: "shown", visible: true },
        { fn: "echo", args: [HIDDEN_ARG], expected: HIDDEN_EXPECTED },
      ]),
    );
    for (const r of [ctfRes, bugRes, designRes]) assert.equal(r.status, 201);
    const ids = [ctfRes.body.id, bugRes.body.id, designRes.body.id, code.id];

    await call("list", "GET", "/api/game/challenges?limit=100", player.token);
    await call("list by q", "GET", "/api/game/challenges?q=Leak", player.token);
    for (const id of ids) await call(`get ${id}`, "GET", `/api/game/challenges/${id}`, player.token);
    await call("update CTF", "PUT", `/api/game/challenges/${ctfRes.body.id}`, owner.token, {
      type: "CTF",
      answer: FLAG,
      title: "Leak CTF again",
    });
    await call("update design", "PUT", `/api/game/challenges/${designRes.body.id}`, owner.token, {
      type: "SYSTEM_DESIGN",
      correctChoices: ["good"],
    });

    // Attempts: wrong and right answers of each type; the code echoes its input to the console too.
    const answers: [string, unknown][] = [
      [ctfRes.body.id, "wrong"],
      [bugRes.body.id, BUG],
      [designRes.body.id, ["good", "bad"]],
      [code.id, "function echo(x) { console.log('arg', x); return x === 'shown' ? x : 'nope'; }"],
    ];
    for (const [challengeId, answer] of answers) {
      const started = await call("start", "POST", "/api/game/attempts", player.token, { challengeId });
      await call("submit", "POST", `/api/game/attempts/${started.body.id}/submit`, player.token, { answer });
      await call("submit again", "POST", `/api/game/attempts/${started.body.id}/submit`, player.token, { answer });
      await call("get attempt", "GET", `/api/game/attempts/${started.body.id}`, player.token);
      await call("one-step", "POST", "/api/game/challenges/submit", player.token, { challengeId, answer });
    }
    await call("one-step right flag", "POST", "/api/game/challenges/submit", player.token, {
      challengeId: ctfRes.body.id,
      answer: FLAG,
    });
    await call("attempts", "GET", "/api/game/attempts?limit=100", player.token);
    await call("bad body", "POST", "/api/game/challenges", owner.token, { type: "CTF", answer: FLAG });
    await call("forbidden", "PUT", `/api/game/challenges/${ctfRes.body.id}`, player.token, {
      type: "CTF",
      answer: FLAG,
    });
    await call("delete", "DELETE", `/api/game/challenges/${bugRes.body.id}`, owner.token);
    await call("attempts after delete", "GET", "/api/game/attempts?limit=100", player.token);

    const { server } = await testServer();
    const rows = await server.ctx.db.select().from(challenges).where(eq(challenges.creatorId, owner.id));
    const digests = rows.flatMap((r) => (r.answerHash ? r.answerHash.split("$").slice(1) : []));
    assert.ok(digests.length >= 4, "salts and hashes of both flags");

    assert.ok(responses.length > 30);
    for (const [label, res] of responses) {
      const json = JSON.stringify(res.body ?? "").toLowerCase();
      for (const fragment of [...forbiddenFragments, ...digests]) {
        assert.ok(
          !json.includes(fragment.toLowerCase()),
          `${label} (${res.status}) leaks ${fragment}: ${json.slice(0, 300)}`,
        );
      }
    }
    const visible = responses.find(([label]) => label === `get ${code.id}`)?.[1].body;
    assert.deepEqual(visible.visibleTests, [{ fn: "echo", args: ["shown"], expected: "shown" }]);
    assert.equal(visible.testCount, 2);
  });
});
