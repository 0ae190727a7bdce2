import assert from "node:assert/strict";
import { type Toast, withToast } from "../../src/store/uiSlice.ts";

describe("toasts", () => {
  it("when XP gains arrive while typing, then one XP toast shows their sum instead of one toast each", () => {
    let list: Toast[] = [];
    for (let i = 1; i <= 30; i++) list = withToast(list, { kind: "xp", key: "toast.xp", values: { xp: 1 } }, i);
    assert.deepEqual(
      list.map((t) => [t.kind, t.values?.xp, t.id]),
      [["xp", 30, 30]],
    );
  });

  it("when other toasts arrive, then they stack (the latest five) beside the XP toast", () => {
    let list: Toast[] = [];
    list = withToast(list, { kind: "xp", key: "toast.xp", values: { xp: 5 } }, 1);
    for (let i = 2; i <= 8; i++) list = withToast(list, { kind: "badge", key: "toast.badge" }, i);
    list = withToast(list, { kind: "xp", key: "toast.xp", values: { xp: 2 } }, 9);
    assert.equal(list.length, 5);
    assert.equal(list.filter((t) => t.kind === "xp").length, 1);
    assert.equal(list.at(-1)?.values?.xp, 2, "the old XP toast had already scrolled off");
  });
});
