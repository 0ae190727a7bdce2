// Mocha's spec output, plus, when LEVELUP_TEST_SUMMARY_FILE is set (scripts/test.ts sets it), the
// run's counts and failed test titles written there as JSON at the end, for the final summary.
const { writeFileSync } = require("node:fs");
const Mocha = require("mocha");

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const file = process.env.LEVELUP_TEST_SUMMARY_FILE;
    if (!file) return;
    const failed = [];
    runner.on(EVENT_TEST_FAIL, (test) => failed.push(test.fullTitle()));
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, pending, failedTitles: failed }));
    });
  }
}

module.exports = SummaryReporter;
