import assert from "node:assert/strict";
import { badgeConditionSchema } from "@levelup/shared/rules/badges";
import { CONDITIONS, conditionOf } from "../../src/features/admin/badgeCondition.ts";

describe("admin badge form: the condition it sends", () => {
  it("when any kind is picked, then the condition is one the server's schema accepts, with the number where the kind needs it", () => {
    for (const type of CONDITIONS) {
      const condition = conditionOf(type, 7, "");
      assert.deepEqual(badgeConditionSchema.parse(condition), condition, type);
      assert.ok(Object.values(condition).includes(7), `${type} carries the number`);
    }
  });

  it("when lines are counted in one language, then the language is sent; left empty, it is left out", () => {
    assert.deepEqual(conditionOf("lines_written", 500, "rust"), {
      type: "lines_written",
      count: 500,
      language: "rust",
    });
    assert.deepEqual(conditionOf("lines_written", 500, ""), { type: "lines_written", count: 500 });
  });

  it("when the number is not a positive whole number, then the server's schema refuses it (the form shows its 400)", () => {
    for (const bad of [0, -3, 1.5])
      assert.equal(badgeConditionSchema.safeParse(conditionOf("xp", bad, "")).success, false);
  });
});
