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

/**
 * Runs `code` against each test, each in a fresh QuickJS runtime (WebAssembly: no file system,
 * network, process, require, timers or typed arrays exist in it) under the time, memory and stack limits.
 * A loop, a memory bomb or a throw fails only its own test.
 */
export async function runTests(code: string, tests: SandboxTest[], limits: SandboxLimits): Promise<RawTestResult[]> {
  const module = await loadQuickJS();
  return tests.map((test) => runOne(module, code, test, limits));
}

function runOne(module: QuickJSWASMModule, code: string, test: SandboxTest, limits: SandboxLimits): RawTestResult {
  const runtime = module.newRuntime();
  runtime.setMemoryLimit(limits.memoryBytes);
  runtime.setMaxStackSize(limits.stackBytes);
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + limits.timeMs));
  const vm = runtime.newContext({ intrinsics });
  const output = new BoundedOutput(limits.outputChars);
  try {
    installConsole(vm, output);
    const loaded = evaluate(vm, code, "solution.js");
    if (!loaded.ok) return { passed: false, message: loaded.message, output: output.text };
    // `fn` is a validated identifier and the args are JSON, which is valid JavaScript.
    const called = evaluate(vm, `${test.fn}(...${JSON.stringify(test.args)})`, "test.js");
    if (!called.ok) return { passed: false, message: called.message, output: output.text };
    const passed = isDeepStrictEqual(called.value, test.expected);
    const message = passed ? "ok" : `expected ${preview(test.expected)}, got ${preview(called.value)}`;
    return { passed, message, output: output.text };
  } finally {
    vm.dispose();
    runtime.dispose();
  }
}

type Evaluation = { ok: true; value: unknown } | { ok: false; message: string };

function evaluate(vm: QuickJSContext, source: string, filename: string): Evaluation {
  const result = vm.evalCode(source, filename);
  if (result.error) {
    const message = describeError(vm, result.error);
    result.error.dispose();
    return { ok: false, message };
  }
  // dump() serialises natively inside QuickJS, so a solution replacing JSON.stringify changes nothing.
  const value = vm.dump(result.value);
  result.value.dispose();
  return { ok: true, value };
}

function describeError(vm: QuickJSContext, handle: QuickJSHandle): string {
  const error = vm.dump(handle) as { name?: unknown; message?: unknown } | unknown;
  if (error && typeof error === "object" && "message" in error) {
    const { name, message } = error as { name?: unknown; message?: unknown };
    if (name === "InternalError" && message === "interrupted") return "time limit exceeded";
    return `${String(name ?? "Error")}: ${String(message)}`.slice(0, 500);
  }
  return `thrown: ${preview(error)}`;
}

function installConsole(vm: QuickJSContext, output: BoundedOutput): void {
  const log = vm.newFunction("log", (...args) => {
    output.append(args.map((a) => String(vm.dump(a))).join(" "));
  });
  const consoleObject = vm.newObject();
  for (const name of ["log", "info", "warn", "error", "debug"]) vm.setProp(consoleObject, name, log);
  vm.setProp(vm.global, "console", consoleObject);
  consoleObject.dispose();
  log.dispose();
}

/** Keeps the first `limit` characters of console output and drops the rest. */
class BoundedOutput {
  text = "";
  constructor(private readonly limit: number) {}
  append(line: string): void {
    if (this.text.length >= this.limit) return;
    this.text = `${this.text}${line}\n`.slice(0, this.limit);
  }
}

function preview(value: unknown): string {
  const text = value === undefined ? "undefined" : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
