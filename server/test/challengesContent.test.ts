import assert from "node:assert/strict";
import { createChallengeBody } from "@levelup/shared";
import { challengeSeeds } from "../src/content/challenges.ts";
import { CodeSandbox } from "../src/services/challenges/sandbox/CodeSandbox.ts";

/** The seeded challenges must be solvable by a person from their descriptions alone. */
describe("seeded challenge content", () => {
  const block = (description: string) => /```(?:js)?\n([\s\S]*?)\n```/.exec(description)?.[1] ?? "";
  const byKey = (key: string) => {
    const seed = challengeSeeds.find((s) => s.contentKey === key);
    assert.ok(seed, key);
    return seed as Extract<(typeof challengeSeeds)[number], { answer: string }>;
  };

  it("when the seeds are counted, then there are 12 with unique keys and at least 3 of each type", () => {
    assert.equal(challengeSeeds.length, 12);
    assert.equal(new Set(challengeSeeds.map((s) => s.contentKey)).size, 12);
    for (const type of ["CTF", "BUG_BOUNTY", "SYSTEM_DESIGN", "CODE"]) {
      assert.ok(challengeSeeds.filter((s) => s.type === type).length >= 3, type);
    }
  });

  it("when each seed is checked like a user's challenge, then it passes the same validation", () => {
    for (const seed of challengeSeeds) {
      const { contentKey: _key, ...body } = seed;
      const parsed = createChallengeBody.safeParse({
        ...body,
        ...(seed.type === "CODE" ? { language: "javascript" } : {}),
      });
      assert.ok(parsed.success, `${seed.contentKey}: ${parsed.error?.message}`);
    }
  });

  it("when the CTF puzzles are decoded as their descriptions say, then each gives its flag", () => {
    const base64 = byKey("ctf-base64");
    assert.equal(Buffer.from(block(base64.description), "base64").toString("utf8"), base64.answer);
    const rot13 = byKey("ctf-rot13");
    const shifted = block(rot13.description).replace(/[a-z]/g, (c) =>
      String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97),
    );
    assert.equal(shifted, rot13.answer);
    const hex = byKey("ctf-hex");
    assert.equal(Buffer.from(block(hex.description).replace(/\s+/g, ""), "hex").toString("utf8"), hex.answer);
  });

  it("when a bug-bounty answer names a line and a detail, then that line holds the defect and the detail is not a bare number", () => {
    const defects: Record<string, RegExp> = {
      "bug-off-by-one": /items\[items\.length\]/,
      "bug-sql-injection": /\+ term \+/,
      "bug-idor": /res\.json\(invoice\)/,
    };
    for (const [key, defect] of Object.entries(defects)) {
      const seed = byKey(key);
      const [lineNumber, detail] = seed.answer.split(":");
      assert.match(detail ?? "", /[a-z]/i, `${key}: the answer is more than a line number`);
      const line = block(seed.description)
        .split("\n")
        .find((l) => l.trimStart().startsWith(`${lineNumber} `));
      assert.ok(line && defect.test(line), `${key}: line ${lineNumber} is "${line}"`);
    }
  });

  it("when each CODE seed's reference solution runs in the sandbox, then it passes every test", async () => {
    const sandbox = new CodeSandbox({ size: 1 });
    try {
      for (const seed of challengeSeeds) {
        if (seed.type !== "CODE") continue;
        const results = await sandbox.run(seed.solution, seed.tests, "content-check");
        assert.ok(
          results.every((r) => r.passed),
          `${seed.contentKey}: ${JSON.stringify(results)}`,
        );
        const starter = await sandbox.run(seed.starterCode, seed.tests);
        assert.ok(!starter.every((r) => r.passed), `${seed.contentKey}: the starter code is not a solution`);
      }
    } finally {
      await sandbox.close();
    }
  });
});
