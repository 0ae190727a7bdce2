import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const i18nDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/i18n");
const LANGS = ["en", "ko", "ja", "zh"] as const;

/** Every text value of a catalogue (keys are not player-visible). */
function texts(lang: string): string[] {
  const walk = (node: unknown): string[] =>
    node && typeof node === "object" ? Object.values(node).flatMap(walk) : [String(node)];
  return walk(JSON.parse(readFileSync(path.join(i18nDir, "locales", `${lang}.json`), "utf8")));
}

/** The glossary table of client/src/i18n/README.md: one row per idea. */
function glossary(): { idea: string; chosen: Record<string, string>; never: { lang: string; word: string }[] }[] {
  const readme = readFileSync(path.join(i18nDir, "README.md"), "utf8");
  const table = readme.slice(readme.indexOf("## Glossary"));
  return table
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| idea"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(([idea, en, ko, ja, zh, never]) => ({
      idea: idea!,
      chosen: { en: en!, ko: ko!, ja: ja!, zh: zh! },
      never: never!.split(",").map((entry) => {
        const [lang, word] = entry.trim().split(":");
        return { lang: lang!, word: word! };
      }),
    }));
}

/** Latin words match whole words only ("XP" is not in "EXPIRED"); CJK words anywhere. */
const uses = (text: string, word: string) =>
  /^[\p{Script=Latin}\d ]+$/u.test(word) ? new RegExp(`\\b${word}\\b`).test(text) : text.includes(word);

describe("glossary (one word per idea and language)", () => {
  const rows = glossary();

  it("when the glossary is read, then it has rows and every rejected word names a language", () => {
    assert.ok(rows.length >= 5);
    for (const row of rows)
      for (const n of row.never) assert.ok((LANGS as readonly string[]).includes(n.lang), `${row.idea}: ${n.lang}`);
  });

  for (const lang of ["ko", "ja", "zh"] as const) {
    it(`when the ${lang} catalogue is read, then it uses each chosen word and none of the rejected ones`, () => {
      const all = texts(lang);
      for (const row of rows)
        assert.ok(
          all.some((text) => uses(text, row.chosen[lang]!)),
          `${lang} never says ${row.chosen[lang]} (${row.idea})`,
        );
      const rejected = rows
        .flatMap((row) => row.never.filter((n) => n.lang === lang).map((n) => ({ ...n, idea: row.idea })))
        .flatMap((n) => all.filter((text) => uses(text, n.word)).map((text) => `${n.idea}: "${n.word}" in "${text}"`));
      assert.deepEqual(rejected, []);
    });
  }
});
