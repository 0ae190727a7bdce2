import { isDeepStrictEqual } from "node:util";
import {
  DefaultIntrinsics,
  newQuickJSWASMModuleFromVariant,
  newVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
  RELEASE_SYNC,
  shouldInterruptAfterDeadline,
} from "quickjs-emscripten";

/** Limits of one test run inside QuickJS. */
export interface SandboxLimits {
  /** Wall-clock budget of one test (evaluating the solution and the call), milliseconds. */
  timeMs: number;
  /** Heap of the QuickJS runtime, bytes. */
  memoryBytes: number;
  /** QuickJS stack, bytes; kept well under the worker thread's own stack. */
  stackBytes: number;
  /** Console output kept per test, characters. */
  outputChars: number;
}

export interface SandboxTest {
  fn: string;
  args: unknown[];
  expected: unknown;
}

/** One test's outcome; `message` says why it failed (the caller decides who may see it). */
export interface RawTestResult {
  passed: boolean;
  message: string;
  output: string;
}

/**
 * Hard ceiling of the WebAssembly memory behind every runtime of this thread, bytes. QuickJS's own
 * limit is not airtight (some native string paths overshoot it), so the memory it lives in is
 * bounded too: past this, allocations fail inside QuickJS as "out of memory".
 */
const WASM_MEMORY_MAX_BYTES = 128 * 1024 * 1024;
const WASM_PAGE_BYTES = 64 * 1024;

/** Typed arrays are left out: their buffers escape QuickJS's memory accounting. */
const intrinsics = { ...DefaultIntrinsics, TypedArrays: false };

// The ES library typings leave WebAssembly out; only its Memory constructor is needed here.
const { Memory } = (
  globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => never } }
).WebAssembly;

let quickjs: Promise<QuickJSWASMModule> | undefined;

/** Loads this thread's QuickJS module once (about 1 MB of WebAssembly). */
export function loadQuickJS(): Promise<QuickJSWASMModule> {
  quickjs ??= newQuickJSWASMModuleFromVariant(
    newVariant(RELEASE_SYNC, {
      wasmMemory: () => new Memory({ initial: 256, maximum: WASM_MEMORY_MAX_BYTES / WASM_PAGE_BYTES }),
    }),
  );
  return quickjs;
}

/** Longest serialised result read back from QuickJS, characters; expected values are far smaller. */
const MAX_RESULT_CHARS = 1_000_000;
/** Deepest nesting of a result read back; deeper ones fail their test rather than the host's stack. */
const MAX_RESULT_DEPTH = 200;

/**
 * Evaluated in each fresh context before the solution. It installs `console` and returns the two
 * helpers the host calls: `serialise` (the result as JSON text, or undefined) and `output` (what
 * was logged, at most `outputChars`). Everything runs inside QuickJS with intrinsics held from
 * before the solution ran, so there is no host callback at all: logging, and a hostile value (a
 * BigInt, a symbol, a getter that throws or loops, a cycle, deep nesting, a huge string), cost the
 * solution's own time and memory under its limits, and end as that test's error, never the host's.
 */
function prelude(outputChars: number): string {
  return `(() => {
  const stringify = JSON.stringify, toText = String, slice = String.prototype.slice;
  const join = Array.prototype.join, map = Array.prototype.map;
  const call = Function.prototype.call.bind(Function.prototype.call);
  const limit = ${MAX_RESULT_CHARS}, outputLimit = ${outputChars};
  const serialise = (value) => {
    if (value === undefined) return undefined;
    // The replacer sees every string before it is copied, so a huge one is refused before it costs.
    let chars = 0;
    const text = stringify(value, (key, v) => {
      if (typeof v === "bigint") throw new TypeError("a BigInt is not a JSON value");
      if (typeof v === "string" && (chars += v.length) > limit) throw new RangeError("the result is too large");
      return v;
    });
    if (typeof text === "string" && text.length > limit) throw new RangeError("the result is too large");
    return text;
  };
  let out = "";
  const shorten = (text) => (text.length > outputLimit ? call(slice, text, 0, outputLimit) : text);
  const log = (...args) => {
    if (out.length >= outputLimit) return;
    const line = call(join, call(map, args, (a) => shorten(typeof a === "string" ? a : toText(a))), " ");
    out = call(slice, out + line + "\\n", 0, outputLimit);
  };
  globalThis.console = { log, info: log, warn: log, error: log, debug: log };
  return [serialise, () => out];
})()`;
}

/** Wall-clock budget of one job, milliseconds: a few tests' worth, so one job cannot hold a worker for long. */
export function jobBudgetMs(testCount: number, limits: SandboxLimits): number {
  return Math.max(limits.timeMs, Math.min(testCount, 3) * limits.timeMs);
}

/**
 * Runs `code` against each test, each in a fresh QuickJS runtime (WebAssembly: no file system,
 * network, process, require, timers or typed arrays exist in it) under the time, memory and stack limits.
 * A loop, a memory bomb, a throw or a hostile value fails only its own test. The whole job has a
 * budget too (jobBudgetMs): once it is spent the remaining tests fail without running, so a player
 * whose solution loops holds a worker for a few seconds, not tests × the limit.
 */
export async function runTests(code: string, tests: SandboxTest[], limits: SandboxLimits): Promise<RawTestResult[]> {
  const module = await loadQuickJS();
  const jobEnd = Date.now() + jobBudgetMs(tests.length, limits);
  return tests.map((test) => {
    if (Date.now() >= jobEnd) return { passed: false, message: "time limit exceeded", output: "" };
    try {
      return runOne(module, code, test, limits, jobEnd);
    } catch (err) {
      // Only a fault of the host side lands here; it fails this test, not the job or the worker.
      return {
        passed: false,
        message: `the grader could not run this test (${String(err).slice(0, 100)})`,
        output: "",
      };
    }
  });
}

function runOne(
  module: QuickJSWASMModule,
  code: string,
  test: SandboxTest,
  limits: SandboxLimits,
  jobEnd: number,
): RawTestResult {
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  const vm = runtime.newContext({ intrinsics });
  const handles: QuickJSHandle[] = [];
  try {
    // The grader's own set-up runs before the clock starts: only the solution's time counts.
    const helpers = vm.evalCode(prelude(limits.outputChars), "grader.js").unwrap();
    handles.push(helpers);
    const serialise = vm.getProp(helpers, 0);
    const output = vm.getProp(helpers, 1);
    handles.push(serialise, output);
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Math.min(Date.now() + limits.timeMs, jobEnd)));
    const outcome = judge(vm, code, test, serialise);
    // The clock stops before the grader reads the output back (a closure over a string: no solution code runs).
    runtime.removeInterruptHandler();
    return { ...outcome, output: readOutput(vm, output) };
  } finally {
    for (const handle of handles) if (handle.alive) handle.dispose();
    vm.dispose();
    runtime.dispose();
  }
}

/** Loads the solution, calls the test's function and compares what it returned. */
function judge(
  vm: QuickJSContext,
  code: string,
  test: SandboxTest,
  serialise: QuickJSHandle,
): { passed: boolean; message: string } {
  const loaded = evaluate(vm, code, "solution.js");
  if (!loaded.ok) return { passed: false, message: loaded.message };
  loaded.handle.dispose();
  // `fn` is a validated identifier and the args are JSON, which is valid JavaScript.
  const called = evaluate(vm, `${test.fn}(...${JSON.stringify(test.args)})`, "test.js");
  if (!called.ok) return { passed: false, message: called.message };
  const read = readValue(vm, serialise, called.handle);
  called.handle.dispose();
  if (!read.ok) return { passed: false, message: read.message };
  const passed = isDeepStrictEqual(read.value, test.expected);
  return { passed, message: passed ? "ok" : `expected ${preview(test.expected)}, got ${preview(read.value)}` };
}

function readOutput(vm: QuickJSContext, output: QuickJSHandle): string {
  const result = vm.callFunction(output, vm.undefined);
  if (result.error) {
    result.error.dispose();
    return "";
  }
  const text = vm.typeof(result.value) === "string" ? vm.getString(result.value) : "";
  result.value.dispose();
  return text;
}

type Evaluation = { ok: true; handle: QuickJSHandle } | { ok: false; message: string };
type Reading = { ok: true; value: unknown } | { ok: false; message: string };

function evaluate(vm: QuickJSContext, source: string, filename: string): Evaluation {
  const result = vm.evalCode(source, filename);
  if (result.error) {
    const message = describeError(vm, result.error);
    result.error.dispose();
    return { ok: false, message };
  }
  return { ok: true, handle: result.value };
}

/**
 * The value as plain data: serialised to JSON inside QuickJS (under the test's deadline and memory
 * limit), then parsed here. Only JSON-shaped values can equal an expected value, which is JSON too.
 */
function readValue(vm: QuickJSContext, serialise: QuickJSHandle, value: QuickJSHandle): Reading {
  const result = vm.callFunction(serialise, vm.undefined, value);
  if (result.error) {
    const message = describeError(vm, result.error);
    result.error.dispose();
    return { ok: false, message };
  }
  const text = vm.typeof(result.value) === "string" ? vm.getString(result.value) : undefined;
  result.value.dispose();
  if (text === undefined) return { ok: true, value: undefined };
  if (jsonDepth(text) > MAX_RESULT_DEPTH) return { ok: false, message: "RangeError: the result is nested too deeply" };
  return { ok: true, value: JSON.parse(text) };
}

/** How deeply JSON text nests arrays and objects (brackets inside strings do not count). */
function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}") depth--;
  }
  return max;
}

function describeError(vm: QuickJSContext, handle: QuickJSHandle): string {
  if (vm.typeof(handle) !== "object") return "thrown: a value that is not an Error";
  const name = readText(vm, handle, "name");
  const message = readText(vm, handle, "message");
  if (name === "InternalError" && message === "interrupted") return "time limit exceeded";
  return `${name ?? "Error"}: ${message ?? ""}`.slice(0, 500);
}

/**
 * A string property of a thrown object. Reading it may run a getter or a proxy trap of the solution
 * (inside QuickJS, under its limits); one that throws or runs out of time reads as nothing.
 */
function readText(vm: QuickJSContext, handle: QuickJSHandle, key: string): string | undefined {
  let prop: QuickJSHandle;
  try {
    prop = vm.getProp(handle, key);
  } catch {
    return undefined;
  }
  try {
    return vm.typeof(prop) === "string" ? vm.getString(prop).slice(0, 500) : undefined;
  } finally {
    prop.dispose();
  }
}

function preview(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
