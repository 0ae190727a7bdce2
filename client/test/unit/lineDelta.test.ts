import assert from "node:assert/strict";
import { countLines, lineDelta } from "../../src/features/coding/lineDelta.ts";

describe("coding line counts", () => {
  it("when blank lines are typed, then they are not counted as written", () => {
    assert.equal(countLines("a\n\n  \nb\n"), 2);
  });

  it("when the editor grows or shrinks, then the delta is lines added or removed, never both", () => {
    assert.deepEqual(lineDelta(3, 10), { linesAdded: 7, linesRemoved: 0 });
    assert.deepEqual(lineDelta(10, 4), { linesAdded: 0, linesRemoved: 6 });
    assert.deepEqual(lineDelta(5, 5), { linesAdded: 0, linesRemoved: 0 });
  });
});
