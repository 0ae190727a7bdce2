// How much slower than a quiet 4-core machine this one may run the tests, from its core count and
// load average when each step of `npm test` starts (at least 1, at most 10). LEVELUP_TEST_TIME_SCALE overrides it.
// Every mocha timeout and every test deadline is multiplied by it: a deadline only bounds how long
// a test waits for a condition, so a generous one costs nothing when the condition comes.
// Plain CommonJS: the workspaces' .mocharc.cjs files read it before any TypeScript loader runs.
const os = require("node:os");

function testTimeScale() {
  const forced = Number(process.env.LEVELUP_TEST_TIME_SCALE);
  if (Number.isFinite(forced) && forced > 0) return forced;
  const cores = os.availableParallelism();
  const slowMachine = Math.max(1, 4 / cores);
  const busyMachine = Math.max(1, os.loadavg()[0] / cores);
  return Math.min(10, Math.round(slowMachine * busyMachine * 10) / 10);
}

/** A mocha configuration whose timeout is `baseMs` scaled; the scale goes to the test processes. */
function scaledMochaConfig(baseMs, config) {
  const scale = testTimeScale();
  process.env.LEVELUP_TEST_TIME_SCALE = String(scale);
  return { ...config, timeout: Math.round(baseMs * scale) };
}

module.exports = { testTimeScale, scaledMochaConfig };
