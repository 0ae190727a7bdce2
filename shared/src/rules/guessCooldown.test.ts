import assert from "node:assert/strict";
import {
  FREE_WRONG_ANSWERS,
  GUESS_COOLDOWN_MAX_SECONDS,
  guessCooldownSeconds,
  guessRetryAfterMs,
} from "./guessCooldown.ts";

describe("guess cooldown", () => {
  it("when a player is within the free wrong answers, then there is no wait", () => {
    for (let n = 0; n < FREE_WRONG_ANSWERS.BUG_BOUNTY; n++) assert.equal(guessCooldownSeconds("BUG_BOUNTY", n), 0);
  });

  it("when wrong answers go on, then each wait doubles up to the cap", () => {
    const free = FREE_WRONG_ANSWERS.CTF;
    assert.deepEqual(
      [0, 1, 2, 3].map((extra) => guessCooldownSeconds("CTF", free + extra)),
      [30, 60, 120, 240],
    );
    assert.equal(guessCooldownSeconds("CTF", 1_000_000), GUESS_COOLDOWN_MAX_SECONDS);
  });

  it("when guessing a line number among 10 by brute force, then the waits add up to over an hour", () => {
    let waited = 0;
    for (let wrong = 1; wrong < 10; wrong++) waited += guessCooldownSeconds("BUG_BOUNTY", wrong);
    assert.ok(waited > 3600, `${waited} s`);
  });

  it("when the wait has passed, then the player may answer at once", () => {
    const lastWrongAt = 1_000_000;
    const input = { type: "CTF" as const, wrongAnswers: FREE_WRONG_ANSWERS.CTF, lastWrongAt };
    assert.equal(guessRetryAfterMs({ ...input, now: lastWrongAt + 10_000 }), 20_000);
    assert.equal(guessRetryAfterMs({ ...input, now: lastWrongAt + 30_000 }), 0);
    assert.equal(guessRetryAfterMs({ ...input, lastWrongAt: null, now: 0 }), 0);
  });
});
