import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const USAGE = `npm run test:soak [-- --repeats 5] [--only id,id]

Runs the suite (scripts/test.ts, or only the named steps) --repeats times in a row while another
process keeps one core busy, prints each run's total line, then a final line; exits 1 unless every
run was green.`;

const testScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "test.ts");

/** One run of the suite, its output on this terminal; resolves with its exit code and its total line. */
function runSuite(only: string | undefined): Promise<{ code: number; total: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", testScript, ...(only ? ["--only", only] : [])], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let total = "no total line";
  let pending = "";
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) if (line.startsWith("total: ")) total = line;
  });
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      if (pending.startsWith("total: ")) total = pending;
      resolve({ code: code ?? 1, total });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      repeats: { type: "string", default: "5" },
      only: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error("--repeats must be a positive integer");
  // The competing load: one core spinning for the whole soak.
  const busy: ChildProcess = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  // Interrupted: the spinner must not outlive the soak.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      busy.kill("SIGKILL");
      process.exit(130);
    });
  }
  const results: string[] = [];
  let green = 0;
  try {
    for (let i = 1; i <= repeats; i++) {
      const started = Date.now();
      const { code, total } = await runSuite(values.only);
      if (code === 0) green++;
      const line = `soak run ${i}/${repeats}: ${code === 0 ? "green" : `RED (exit ${code})`}, ${total}, ${Math.round((Date.now() - started) / 1000)} s`;
      results.push(line);
      console.log(`\n${line}`);
    }
  } finally {
    busy.kill("SIGKILL");
  }
  console.log("\n== soak");
  for (const line of results) console.log(line);
  console.log(
    `soak: ${green} of ${repeats} runs green${values.only ? ` (steps ${values.only})` : ""}, one core kept busy`,
  );
  process.exitCode = green === repeats ? 0 : 1;
}

await main();
