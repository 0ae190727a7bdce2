// Timeouts scale with the machine (scripts/testTimeScale.cjs); the reporter feeds `npm test`'s summary.
// The browser e2e sets its own, longer timeout (scaled the same way).
const { scaledMochaConfig } = require("../scripts/testTimeScale.cjs");

module.exports = scaledMochaConfig(20_000, {
  "node-option": ["import=tsx"],
  extension: ["ts"],
  reporter: require.resolve("../scripts/mochaSummaryReporter.cjs"),
});
