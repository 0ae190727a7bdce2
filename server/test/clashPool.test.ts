import assert from "node:assert/strict";
import {
  type ClashCase,
  type ClashProblem,
  clashProblems,
  clashStarterCode,
} from "@levelup/shared/content/clashProblems";
import { CodeSandbox } from "../src/services/challenges/sandbox/CodeSandbox.ts";

/** The worked call an English statement ends with, `fn(args) → result` (the shared pool test checks its shape). */
function statementExample(p: ClashProblem): ClashCase {
  const call = p.statement.en.slice(p.statement.en.lastIndexOf(`${p.fn}(`));
  const match = new RegExp(`^${p.fn}\\((.*)\\) → (.+)$`).exec(call);
  assert.ok(match, `${p.id}: no worked call at the end of the statement`);
  return { args: JSON.parse(`[${match[1]}]`), expected: JSON.parse(match[2] as string) };
}

/**
 * Every clash problem is solvable as stated: its reference solution passes the examples, the
 * validators and the statement's worked call in the sandbox that grades players, and the empty
 * starter code fails a validator (so the validators do grade something).
 */
describe("clash problem pool in the sandbox", () => {
  // One worker, jobs in sequence: each job is a dozen fresh QuickJS runtimes, milliseconds each.
  const sandbox = new CodeSandbox({ size: 1 });
  after(() => sandbox.close());

  for (const problem of clashProblems) {
    it(`when ${problem.id} is graded, then its reference passes every case and its starter code fails a validator`, async () => {
      const cases = [...problem.examples, ...problem.validators, statementExample(problem)];
      const tests = cases.map((c) => ({ fn: problem.fn, args: c.args, expected: c.expected }));
      const results = await sandbox.run(problem.reference, tests, "clash-pool");
      assert.equal(results.length, tests.length);
      results.forEach((result, i) => {
        assert.ok(result.passed, `${problem.id} ${JSON.stringify(cases[i]?.args)}: ${result.message}`);
      });

      const validators = problem.validators.map((c) => ({ fn: problem.fn, args: c.args, expected: c.expected }));
      const starter = await sandbox.run(clashStarterCode(problem), validators, "clash-pool");
      assert.ok(
        starter.some((r) => !r.passed),
        `${problem.id}: the starter code passes every validator`,
      );
    });
  }
});
