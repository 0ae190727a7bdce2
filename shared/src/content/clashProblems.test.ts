import assert from "node:assert/strict";
import {
  CLASH_LOCALES,
  type ClashCase,
  type ClashLocale,
  clashProblemById,
  clashProblems,
  clashStarterCode,
} from "./clashProblems.ts";

/**
 * The worked call each statement ends with, `fn(args) → result`, as JSON; the server's pool test
 * checks it against the reference solution.
 */
function statementExample(statement: string, fn: string): ClashCase | undefined {
  const call = statement.slice(statement.lastIndexOf(`${fn}(`));
  const match = new RegExp(`^${fn}\\((.*)\\) → (.+)$`).exec(call);
  if (!match) return undefined;
  try {
    return { args: JSON.parse(`[${match[1]}]`), expected: JSON.parse(match[2] as string) };
  } catch {
    return undefined;
  }
}

/** A script each locale's text must contain, so a copied English text cannot pass as a translation. */
const script: Record<Exclude<ClashLocale, "en">, RegExp> = {
  ko: /\p{Script=Hangul}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  zh: /\p{Script=Han}/u,
};

describe("clash problem pool", () => {
  it("when the pool is counted, then it holds 15 or more problems, at least 5 of each difficulty", () => {
    assert.ok(clashProblems.length >= 15, String(clashProblems.length));
    for (const difficulty of ["easy", "medium", "hard"]) {
      const count = clashProblems.filter((p) => p.difficulty === difficulty).length;
      assert.ok(count >= 5, `${difficulty}: ${count}`);
    }
  });

  it("when ids and function names are listed, then ids are unique kebab-case and names valid identifiers", () => {
    assert.equal(new Set(clashProblems.map((p) => p.id)).size, clashProblems.length);
    for (const p of clashProblems) {
      assert.match(p.id, /^clash-[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.match(p.fn, /^[A-Za-z_$][\w$]*$/, p.id);
      assert.ok(p.params.length >= 1, p.id);
      for (const param of p.params) assert.match(param, /^[A-Za-z_$][\w$]*$/, p.id);
      assert.equal(new Set(p.params).size, p.params.length, `${p.id}: parameter names repeat`);
      assert.match(p.reference, new RegExp(`^function ${p.fn}\\(`), `${p.id}: the reference defines ${p.fn}`);
    }
  });

  it("when titles and statements are read, then each locale has its own plain, non-empty text", () => {
    for (const p of clashProblems) {
      for (const locale of CLASH_LOCALES) {
        const title = p.title[locale];
        const statement = p.statement[locale];
        assert.ok(title.trim().length > 0 && statement.trim().length > 0, `${p.id} ${locale}: empty`);
        assert.ok(title.length <= 60, `${p.id} ${locale}: title of ${title.length} characters`);
        assert.ok(statement.length <= 600, `${p.id} ${locale}: statement of ${statement.length} characters`);
        assert.doesNotMatch(statement, /<\/?[a-z][^>]*>/i, `${p.id} ${locale}: HTML in the statement`);
        if (locale === "en") continue;
        assert.notEqual(title, p.title.en, `${p.id} ${locale}: the title is the English one`);
        assert.notEqual(statement, p.statement.en, `${p.id} ${locale}: the statement is the English one`);
        assert.match(statement, script[locale], `${p.id} ${locale}: not written in this locale's script`);
      }
    }
  });

  it("when each statement's worked call is read, then every locale shows the same call of the function", () => {
    for (const p of clashProblems) {
      const english = statementExample(p.statement.en, p.fn);
      assert.ok(english, `${p.id} en: no "${p.fn}(…) → …" at the end of the statement`);
      for (const locale of CLASH_LOCALES) {
        assert.deepEqual(statementExample(p.statement[locale], p.fn), english, `${p.id} ${locale}`);
      }
    }
  });

  it("when the cases are counted, then there are 2–3 examples and at least 5 validators", () => {
    for (const p of clashProblems) {
      assert.ok(p.examples.length >= 2 && p.examples.length <= 3, `${p.id}: ${p.examples.length} examples`);
      assert.ok(p.validators.length >= 5, `${p.id}: ${p.validators.length} validators`);
    }
  });

  it("when validators are compared with the examples and each other, then none repeats a call", () => {
    for (const p of clashProblems) {
      const calls = [...p.examples, ...p.validators].map((c) => JSON.stringify(c.args));
      assert.equal(new Set(calls).size, calls.length, `${p.id}: a call appears twice`);
      for (const validator of p.validators) {
        for (const example of p.examples) {
          assert.notDeepEqual(validator.args, example.args, `${p.id}: a validator is an example`);
        }
      }
    }
  });

  it("when every case goes through JSON, then it comes back unchanged and matches the function's arity", () => {
    for (const p of clashProblems) {
      for (const c of [...p.examples, ...p.validators]) {
        assert.notEqual(c.expected, undefined, p.id);
        assert.deepEqual(JSON.parse(JSON.stringify(c)), c, `${p.id}: ${JSON.stringify(c)}`);
        assert.equal(c.args.length, p.params.length, `${p.id}: ${JSON.stringify(c.args)}`);
      }
    }
  });

  it("when a problem is looked up by id, then it is found, and an unknown id finds nothing", () => {
    for (const p of clashProblems) assert.equal(clashProblemById(p.id), p);
    assert.equal(clashProblemById("clash-no-such-problem"), undefined);
    assert.equal(clashProblemById(""), undefined);
  });

  it("when starter code is made, then it declares the function with its parameters and an empty body", () => {
    const reverse = clashProblemById("clash-reverse-words");
    assert.ok(reverse);
    assert.equal(clashStarterCode(reverse), "function reverseWords(sentence) {\n  \n}\n");
    const caesar = clashProblemById("clash-caesar-shift");
    assert.ok(caesar);
    assert.equal(clashStarterCode(caesar), "function caesarShift(text, shift) {\n  \n}\n");
    for (const p of clashProblems) {
      assert.equal(clashStarterCode(p), `function ${p.fn}(${p.params.join(", ")}) {\n  \n}\n`);
    }
  });
});
