import assert from "node:assert/strict";
import path from "node:path";
import { FileFilter, isBinary } from "../src/fileFilter.ts";

describe("file filter", () => {
  const root = path.resolve("/tmp/project");
  const at = (p: string) => path.join(root, p);

  it("when a path is in node_modules, .git or build output, then it is ignored", () => {
    const f = new FileFilter(root);
    for (const p of ["node_modules/x/index.js", ".git/config", "dist/app.js", "build/a.c", "a/b/target/x.rs"]) {
      assert.equal(f.ignores(at(p)), true, p);
    }
    assert.equal(f.ignores(at("src/app.ts")), false);
    assert.equal(f.ignores(at("node_modules"), true), true);
  });

  it("when .gitignore files exist at the root and below, then each applies under its folder", () => {
    const f = new FileFilter(root);
    f.setGitignore(root, "*.log\nsecret/\n/generated.ts\n");
    f.setGitignore(at("pkg"), "local.py\n");
    assert.equal(f.ignores(at("secret/key.ts")), true);
    assert.equal(f.ignores(at("secret"), true), true);
    assert.equal(f.ignores(at("generated.ts")), true);
    assert.equal(f.ignores(at("src/generated.ts")), false);
    assert.equal(f.ignores(at("pkg/local.py")), true);
    assert.equal(f.ignores(at("local.py")), false);
    f.removeGitignore(at("pkg"));
    assert.equal(f.ignores(at("pkg/local.py")), false);
  });

  it("when files are lock files, minified or without a known language, then they are not tracked", () => {
    const f = new FileFilter(root);
    assert.equal(f.languageOf(at("package-lock.json")), undefined);
    assert.equal(f.languageOf(at("web/app.min.js")), undefined);
    assert.equal(f.languageOf(at("notes.txt")), undefined);
    assert.equal(f.languageOf(at("logo.png")), undefined);
    assert.equal(f.languageOf(at("src/lib.rs")), "rust");
    assert.equal(f.languageOf(at("config.yml")), "yaml");
  });

  it("when content has a NUL byte, then it is binary", () => {
    assert.equal(isBinary(Buffer.from([0x89, 0x50, 0x00, 0x47])), true);
    assert.equal(isBinary(Buffer.from("plain text\n")), false);
  });
});
