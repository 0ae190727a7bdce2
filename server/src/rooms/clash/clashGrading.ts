import type { ClashGradedMessage } from "@levelup/shared";
import type { ClashCase, ClashProblem } from "@levelup/shared/content/clashProblems";
import type { CodeSandbox } from "../../services/challenges/sandbox/CodeSandbox.ts";
import type { SandboxTest } from "../../services/challenges/sandbox/runTests.ts";

/** One graded run, as the room keeps it: the submitter's message and, for a submission, the count. */
export type ClashRun = Omit<ClashGradedMessage, "solved">;

/**
 * Runs a player's code in the project's one sandbox (`ctx.sandbox`, the pool challenges use too),
 * with `owner` (the player's id) as the player whose turn it is in its round-robin, so a clash takes
 * its fair share and no more. A test run covers the visible examples; a submission covers them too
 * (for the player's feedback) and then the hidden validators, of which only the count passed is kept.
 */
export async function runClashCode(
  sandbox: CodeSandbox,
  problem: ClashProblem,
  code: string,
  kind: "test" | "submit",
  owner: string,
): Promise<ClashRun> {
  const asTest = (t: ClashCase): SandboxTest => ({ fn: problem.fn, args: t.args, expected: t.expected });
  const examples = problem.examples.map(asTest);
  const validators = kind === "submit" ? problem.validators.map(asTest) : [];
  const results = await sandbox.run(code, [...examples, ...validators], owner);
  const shown = results.slice(0, examples.length).map(({ passed, message, output }) => ({ passed, message, output }));
  const hidden = results.slice(examples.length);
  return { kind, examples: shown, passed: hidden.filter((r) => r.passed).length, total: validators.length };
}
