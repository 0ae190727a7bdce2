import assert from "node:assert/strict";
import fc from "fast-check";
import { countLineChanges } from "../src/lineDiff.ts";

describe("line diff", () => {
  it("when a file is created with 3 lines, then 3 lines are added with their characters", () => {
    assert.deepEqual(countLineChanges("", "a = 1\nb = 2\nc = 3\n"), { added: 3, removed: 0, characters: 15 });
  });

  it("when one line of three is edited, then one line is removed and one added", () => {
    const change = countLineChanges("a\nb\nc\n", "a\nB!\nc\n");
    assert.deepEqual([change.added, change.removed], [1, 1]);
  });

  it("when lines are inserted in the middle, then only they count, not the file's size", () => {
    const before = "fn main() {\n}\n";
    const after = 'fn main() {\n  let x = 1;\n  println!("{}", x);\n}\n';
    assert.deepEqual(countLineChanges(before, after).added, 2);
    assert.deepEqual(countLineChanges(before, after).removed, 0);
  });

  it("when only blank lines, line endings or the final newline change, then nothing counts", () => {
    assert.deepEqual(countLineChanges("a\nb", "a\r\nb\r\n\n\n"), { added: 0, removed: 0, characters: 0 });
  });

  it("when a file is emptied, then all its non-blank lines are removed", () => {
    assert.deepEqual(countLineChanges("x\n\ny\nz\n", ""), { added: 0, removed: 3, characters: 0 });
  });

  it("when any two texts are compared, then added − removed equals the change in non-blank lines", () => {
    const line = fc.constantFrom("a", "b", "c", "", "  ", "d();");
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.array(line, { maxLength: 30 }), (a, b) => {
        const nonBlank = (xs: string[]) => xs.filter((x) => x.trim()).length;
        const c = countLineChanges(a.join("\n"), b.join("\n"));
        assert.equal(c.added - c.removed, nonBlank(b) - nonBlank(a));
        assert.ok(c.added <= nonBlank(b) && c.removed <= nonBlank(a));
      }),
    );
  });

  it("when a huge file is rewritten completely, then every old line is removed and every new one added", () => {
    const before = Array.from({ length: 20_000 }, (_, i) => `old ${i}`).join("\n");
    const after = Array.from({ length: 20_000 }, (_, i) => `new ${i}`).join("\n");
    assert.deepEqual(
      [countLineChanges(before, after).added, countLineChanges(before, after).removed],
      [20_000, 20_000],
    );
  });
});
