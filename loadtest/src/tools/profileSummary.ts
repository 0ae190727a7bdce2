import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

/**
 * Summarises a V8 .cpuprofile (`node --cpu-prof`): self time by function and by package/area, and
 * inclusive time of the project's own functions, so a profile can be read without DevTools.
 *   node --import tsx loadtest/src/tools/profileSummary.ts CPU.xxx.cpuprofile [top=30] [--from S --to S]
 * --from/--to keep the samples between those seconds after the profile's start (a bench run's
 * profile spans every section: cut it to the one to read).
 */
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  options: { from: { type: "string" }, to: { type: "string" } },
  allowPositionals: true,
});
const [file, topArg] = positionals;
if (!file) throw new Error("usage: profileSummary.ts <file.cpuprofile> [top] [--from S --to S]");
const top = Number(topArg ?? 30);
const profile = within(
  JSON.parse(readFileSync(file, "utf8")) as Profile,
  Number(values.from ?? 0) * 1e6,
  values.to === undefined ? Number.POSITIVE_INFINITY : Number(values.to) * 1e6,
);

/** The profile with only the samples taken between `fromUs` and `toUs` after its start. */
function within(p: Profile, fromUs: number, toUs: number): Profile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let at = 0;
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0;
    if (at >= fromUs && at < toUs) {
      samples.push(id);
      timeDeltas.push(p.timeDeltas[i] ?? 0);
    }
  });
  const span = timeDeltas.reduce((a, b) => a + b, 0);
  return { ...p, samples, timeDeltas, endTime: p.startTime + span };
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** The area a frame belongs to: a package under node_modules, a workspace file, node internals, or V8. */
function area(url: string): string {
  if (!url) return "(native/V8)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return url;
  const m = /\/(server|shared|loadtest|client)\/src\/(.*)$/.exec(url);
  return m ? `${m[1]}/src/${m[2]}` : url;
}
const label = (n: Node) =>
  `${n.callFrame.functionName || "(anonymous)"} ${area(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const sum = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const fnSelf = new Map<string, number>();
const areaSelf = new Map<string, number>();
const ownInclusive = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id)!;
  sum(fnSelf, label(n), t);
  sum(areaSelf, area(n.callFrame.url), t);
  // Inclusive time of our own frames: walk up the stack, count each label once per sample.
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const f = byId.get(cur)!;
    if (/\/(server|shared)\/src\//.test(f.callFrame.url)) {
      const l = label(f);
      if (!seen.has(l)) {
        seen.add(l);
        sum(ownInclusive, l, t);
      }
    }
  }
}
const print = (title: string, m: Map<string, number>) => {
  console.log(`\n## ${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  }
};
console.log(
  `${file}: ${(total / 1e6).toFixed(2)} s sampled over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`,
);
print("self time by area", areaSelf);
print("self time by function", fnSelf);
print("inclusive time of server/shared functions", ownInclusive);
