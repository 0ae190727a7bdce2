import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const localesDir = path.join(root, "src/i18n/locales");
const LANGUAGES = ["en", "ko", "ja", "zh"];
// i18next plural forms: a language only has the categories its grammar uses.
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatKeys(obj: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === "object" ? flatKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function keysOf(lang: string): Set<string> {
  const json = JSON.parse(readFileSync(path.join(localesDir, `${lang}.json`), "utf8"));
  return new Set(flatKeys(json).map((k) => k.replace(PLURAL, "")));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe("translations", () => {
  const en = keysOf("en");

  for (const lang of LANGUAGES.filter((l) => l !== "en")) {
    it(`when the ${lang} file is compared with English, then it has exactly the same keys`, () => {
      const other = keysOf(lang);
      assert.deepEqual(
        [...en].filter((k) => !other.has(k)),
        [],
        `keys missing in ${lang}`,
      );
      assert.deepEqual(
        [...other].filter((k) => !en.has(k)),
        [],
        `keys in ${lang} that English lacks`,
      );
    });
  }

  it("when a component calls t() with a literal key, then that key exists in English", () => {
    const missing: string[] = [];
    for (const file of sourceFiles(path.join(root, "src"))) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/\bt\(\s*"([a-zA-Z][\w.]*)"/g)) {
        if (!en.has(m[1]!)) missing.push(`${path.relative(root, file)}: ${m[1]}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("when an error code is added to the contract, then every language translates it", async () => {
    const { ErrorCode } = await import("@levelup/shared/protocol/errors");
    for (const code of Object.values(ErrorCode)) assert.ok(en.has(`errors.${code}`), `errors.${code}`);
  });

  it("when components render text, then it comes from i18n, never a literal in the JSX", () => {
    const literals: string[] = [];
    const visibleAttributes = new Set(["aria-label", "title", "placeholder", "alt", "label"]);
    for (const file of sourceFiles(path.join(root, "src")).filter((f) => f.endsWith(".tsx"))) {
      const source = ts.createSourceFile(
        file,
        readFileSync(file, "utf8"),
        ts.ScriptTarget.Latest,
        true,
        ts.ScriptKind.TSX,
      );
      const visit = (node: ts.Node) => {
        if (ts.isJsxText(node) && /\p{L}/u.test(node.text))
          literals.push(`${path.relative(root, file)}: ${node.text.trim()}`);
        if (
          ts.isJsxAttribute(node) &&
          visibleAttributes.has(node.name.getText()) &&
          node.initializer &&
          ts.isStringLiteral(node.initializer) &&
          /\p{L}/u.test(node.initializer.text)
        )
          literals.push(`${path.relative(root, file)}: ${node.name.getText()}="${node.initializer.text}"`);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(literals, []);
  });
});
