// Timeouts scale with the machine (scripts/testTimeScale.cjs); the reporter feeds `npm test`'s summary.
const { scaledMochaConfig } = require("../scripts/testTimeScale.cjs");

module.exports = scaledMochaConfig(120_000, {
  "node-option": ["import=tsx"],
  spec: ["test/**/*.test.ts"],
  reporter: require.resolve("../scripts/mochaSummaryReporter.cjs"),
  exit: true,
});
