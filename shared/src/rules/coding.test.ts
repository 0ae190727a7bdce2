import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CODING_CAPS,
  CODING_LANGUAGES,
  codingMinutes,
  countedCharacters,
  coinsForSessionXp,
  isCodingIdle,
  languageForFile,
  languageMultiplier,
  normalizeLanguage,
  xpForLanguages,
  xpForLines,
} from "./coding.ts";

describe("coding XP by language (docs/game-rules.md table)", () => {
  const table: [number, string[]][] = [
    [1.3, ["rust", "c", "cpp", "haskell", "ocaml"]],
    [1.2, ["go", "java", "kotlin", "csharp", "scala", "swift"]],
    [1.0, ["typescript", "python", "ruby", "php", "javascript", "other"]],
    [0.8, ["sql", "shell"]],
    [0.3, ["html", "css", "markdown", "json", "yaml", "toml"]],
  ];
  for (const [multiplier, languages] of table) {
    it(`when lines are written in ${languages.join(", ")}, then each line is worth ${multiplier} XP`, () => {
      for (const language of languages) {
        const id = normalizeLanguage(language);
        assert.equal(id, language);
        assert.equal(languageMultiplier(id), multiplier);
        assert.equal(xpForLines(id, 100), Math.round(100 * multiplier));
      }
    });
  }

  it("when the table is listed, then it has exactly the 25 languages of the rules", () => {
    assert.equal(CODING_LANGUAGES.length, 25);
  });

  it("when 10 lines of a 1.3 language are written, then exactly 13 XP (no floating-point loss)", () => {
    assert.equal(xpForLines("rust", 10), 13);
    assert.equal(xpForLines("yaml", 10), 3);
    assert.equal(xpForLines("yaml", 3), 0);
  });

  it("when lines are batched in any way, then the session XP only depends on the totals per language", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...CODING_LANGUAGES), fc.integer({ min: 0, max: 200 })), { maxLength: 40 }),
        (updates) => {
          const totals: Record<string, number> = {};
          let paid = 0;
          for (const [language, lines] of updates) {
            const before = xpForLanguages(totals);
            totals[language] = (totals[language] ?? 0) + lines;
            paid += xpForLanguages(totals) - before;
          }
          const expected = Object.entries(totals).reduce(
            (sum, [l, n]) => sum + Math.floor((n * languageMultiplier(normalizeLanguage(l)) * 10 + 1e-6) / 10),
            0,
          );
          assert.equal(paid, expected);
          assert.ok(paid >= 0);
        },
      ),
    );
  });

  it("when a client names a language by alias or an unknown one, then it maps onto the table", () => {
    assert.equal(normalizeLanguage("C++"), "cpp");
    assert.equal(normalizeLanguage("ts"), "typescript");
    assert.equal(normalizeLanguage("Bash"), "shell");
    assert.equal(normalizeLanguage("brainfuck"), "other");
    assert.equal(normalizeLanguage(undefined), "other");
    assert.equal(normalizeLanguage("__proto__"), "other");
  });

  it("when a file name is given, then its language comes from the extension, and non-code files have none", () => {
    assert.equal(languageForFile("src/main.rs"), "rust");
    assert.equal(languageForFile("a/b/App.TSX"), "typescript");
    assert.equal(languageForFile("styles.scss"), "css");
    assert.equal(languageForFile("Makefile"), "other");
    assert.equal(languageForFile("photo.png"), undefined);
    assert.equal(languageForFile(".gitignore"), undefined);
    assert.equal(languageForFile("README"), undefined);
  });
});

describe("coding coins", () => {
  it("when a session earned XP, then it pays 1 coin per 10 XP rounded down", () => {
    assert.deepEqual([0, 9, 10, 19, 255].map(coinsForSessionXp), [0, 0, 1, 1, 25]);
  });
});

describe("coding characters", () => {
  it("when an update reports more than 1,000 characters per added line, then only 1,000 per line count", () => {
    assert.equal(countedCharacters(300, 10), 300);
    assert.equal(countedCharacters(10_000_000, 1), CODING_CAPS.maxCharactersPerLine);
    assert.equal(countedCharacters(10_000_000, 0), CODING_CAPS.maxCharactersPerLine);
    assert.equal(countedCharacters(10_000_000, 200), 200 * CODING_CAPS.maxCharactersPerLine);
    assert.equal(countedCharacters(-5, 3), 0);
  });
});

describe("coding session time", () => {
  it("when 30 minutes pass without activity, then the session is idle, not a millisecond before", () => {
    assert.equal(isCodingIdle(0, 30 * 60_000 - 1), false);
    assert.equal(isCodingIdle(0, 30 * 60_000), true);
  });

  it("when a session lasted 2 min 59 s, then it counts 2 coding minutes", () => {
    assert.equal(codingMinutes(0, 179_000), 2);
    assert.equal(codingMinutes(5000, 0), 0);
  });
});
