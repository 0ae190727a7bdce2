import assert from "node:assert/strict";
import { matchesSearch } from "../../src/features/challenges/search.ts";

describe("challenge search in the shown language", () => {
  it("when the words are in a translated title, then it matches, whatever the case and spaces around", () => {
    assert.equal(matchesSearch(["그다지 비밀이 아닌", "Not so secret"], " 비밀 "), true);
    assert.equal(matchesSearch(["FizzBuzz として", "FizzBuzz"], "fizzbuzz"), true);
  });

  it("when no text holds the words, then it does not match; an empty search matches all", () => {
    assert.equal(matchesSearch(["짝수의 합", "Sum of evens"], "비밀"), false);
    assert.equal(matchesSearch(["짝수의 합"], "   "), true);
  });
});
