import { isPassing, MAX_FLAG_LENGTH, scoreChoices, scoreFlag, scoreTests, type TestResult } from "@levelup/shared";
import type { challenges } from "../../db/schema.ts";
import { badRequest } from "../../errors.ts";
import { type ByteCompare, constantTimeEqual, verifyAnswer } from "./answerHash.ts";
import type { CodeSandbox } from "./sandbox/CodeSandbox.ts";

export type ChallengeRow = typeof challenges.$inferSelect;

export interface Grade {
  /** 0–100, computed here and nowhere else. */
  score: number;
  passed: boolean;
  /** CODE only: per-test outcomes as players may see them (messages for visible tests only). */
  results: TestResult[] | null;
}

/**
 * Grades one answer against one challenge, by type: flags by salted hash compared in constant time,
 * design choices by the rubric rule, code by running it in the sandbox against the stored tests.
 */
export class ChallengeGrader {
  constructor(
    private readonly sandbox: CodeSandbox,
    /** How hashed answers are compared; the server always uses constantTimeEqual. */
    readonly compare: ByteCompare = constantTimeEqual,
  ) {}

  /** Refuses (400) an answer whose form does not fit the challenge's type, before anything is recorded. */
  checkForm(challenge: ChallengeRow, answer: string | string[]): void {
    if ((challenge.type === "CTF" || challenge.type === "BUG_BOUNTY") && !isFlagForm(answer)) {
      throw badRequest(`The answer must be text of at most ${MAX_FLAG_LENGTH} characters`);
    }
    if (challenge.type === "CODE" && typeof answer !== "string") {
      throw badRequest("The answer must be the JavaScript source of your solution");
    }
  }

  /** Grades `answer`; `playerId` is whose turn it is in the sandbox's round-robin queue. */
  async grade(challenge: ChallengeRow, answer: string | string[], playerId: string): Promise<Grade> {
    this.checkForm(challenge, answer);
    switch (challenge.type) {
      case "CTF":
      case "BUG_BOUNTY": {
        const stored = challenge.answerHash;
        const matches = stored && isFlagForm(answer) ? await verifyAnswer(answer, stored, this.compare) : false;
        return this.result(challenge, scoreFlag(matches), null);
      }
      case "SYSTEM_DESIGN": {
        const picks = typeof answer === "string" ? [answer] : answer;
        return this.result(challenge, scoreChoices(challenge.correctChoices ?? [], picks), null);
      }
      case "CODE": {
        const tests = challenge.tests ?? [];
        const raw = await this.sandbox.run(answer as string, tests, playerId);
        const results: TestResult[] = raw.map((r, index) => {
          const visible = tests[index]?.visible === true;
          // Hidden tests say only whether they passed: their arguments and expected values stay secret.
          return visible
            ? { index, visible, passed: r.passed, message: r.message, output: r.output }
            : { index, visible, passed: r.passed };
        });
        return this.result(challenge, scoreTests(results.filter((r) => r.passed).length, tests.length), results);
      }
    }
  }

  private result(challenge: ChallengeRow, score: number, results: TestResult[] | null): Grade {
    return { score, passed: isPassing(challenge.type, score), results };
  }
}

function isFlagForm(answer: string | string[]): answer is string {
  return typeof answer === "string" && answer.length <= MAX_FLAG_LENGTH;
}
