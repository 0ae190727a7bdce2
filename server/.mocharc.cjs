// Timeouts scale with the machine (scripts/testTimeScale.cjs); the reporter feeds `npm test`'s summary.
const { scaledMochaConfig } = require("../scripts/testTimeScale.cjs");

module.exports = scaledMochaConfig(30_000, {
  "node-option": ["import=tsx"],
  extension: ["ts"],
  require: ["./test/support/hooks.ts"],
  reporter: require.resolve("../scripts/mochaSummaryReporter.cjs"),
  exit: true,
});
