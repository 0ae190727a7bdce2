import assert from "node:assert/strict";
import { nextFloat, Rng, seedRng } from "./mulberry32.ts";

describe("mulberry32", () => {
  it("when seeded twice with the same seed, then it draws the same sequence", () => {
    const a = new Rng(seedRng(42));
    const b = new Rng(seedRng(42));
    const xs = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      xs,
      Array.from({ length: 5 }, () => b.next()),
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
  });

  it("when resumed from a stored state, then it continues the same sequence", () => {
    const a = new Rng(seedRng(7));
    a.next();
    const stored = JSON.parse(JSON.stringify(a.state));
    const b = new Rng(stored);
    assert.equal(a.next(), b.next());
  });

  it("when stepped, then the input state is not modified", () => {
    const s = seedRng(1);
    nextFloat(s);
    assert.deepEqual(s, { s: 1 });
  });

  it("when seeded with 1, then the first draws are the reference mulberry32 value 0.6270739405…", () => {
    const r = new Rng(seedRng(1));
    assert.equal(Math.round(r.next() * 1e9), 627073941);
  });
});
