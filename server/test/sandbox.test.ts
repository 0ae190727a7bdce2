import assert from "node:assert/strict";
import { Client } from "@colyseus/sdk";
import { CodeSandbox } from "../src/services/challenges/sandbox/CodeSandbox.ts";
import { adminUser, attemptAndSubmit, codeChallenge, createChallenge, seeded } from "./challengesFixtures.ts";
import { api, newUser } from "./support/api.ts";
import { until } from "./support/deadlines.ts";
import { testServer } from "./support/testServer.ts";

const addTests = [
  { fn: "add", args: [1, 2], expected: 3, visible: true },
  { fn: "add", args: [10, -4], expected: 6, visible: true },
  { fn: "add", args: [0, 0], expected: 0 },
  { fn: "add", args: [2, 2], expected: 4 },
];

describe("code grading in the sandbox", () => {
  let addChallenge: { id: string };
  let oneTest: { id: string };

  before(async function () {
    // The first hook of the file boots the test server, which takes long on a busy machine.
    this.timeout(180_000);
    const admin = await adminUser();
    addChallenge = await createChallenge(admin.token, codeChallenge(addTests, { title: "Add two numbers" }));
    oneTest = await createChallenge(
      admin.token,
      codeChallenge([{ fn: "f", args: [], expected: 1, visible: true }], { title: "One visible test" }),
    );
  });

  it("when the solution is correct, then the score is 100 and it passes", async () => {
    const res = await attemptAndSubmit(await newUser("sbok"), addChallenge.id, "function add(a, b) { return a + b; }");
    assert.equal(res.status, 200);
    assert.equal(res.body.score, 100);
    assert.equal(res.body.status, "passed");
    assert.deepEqual(
      res.body.results.map((r: { passed: boolean }) => r.passed),
      [true, true, true, true],
    );
  });

  it("when half the tests pass, then the score is 50, under the pass mark, and nothing is paid", async () => {
    const half = "const add = (a, b) => (a > 0 && b > 0 ? a + b : -1);";
    const res = await attemptAndSubmit(await newUser("sbhalf"), addChallenge.id, half);
    assert.equal(res.body.score, 50);
    assert.equal(res.body.status, "failed");
    assert.equal(res.body.xpAwarded, 0);
    const visibleFailure = res.body.results.find((r: { index: number }) => r.index === 1);
    assert.equal(visibleFailure.passed, false);
    assert.equal(visibleFailure.message, "expected 6, got -1");
  });

  it("when the solution loops forever, then that test fails on the time limit, not the watchdog", async () => {
    const res = await attemptAndSubmit(await newUser("sbloop"), oneTest.id, "function f() { while (true) {} }");
    assert.equal(res.body.score, 0);
    assert.equal(res.body.results[0].passed, false);
    assert.equal(res.body.results[0].message, "time limit exceeded");
  });

  it("when the solution allocates 1 GB, then the test fails cleanly on the memory limit and the grader keeps working", async () => {
    // 128 Mi slots of 8 bytes: a 1 GB array.
    const bomb = "function f() { return new Array(128 * 1024 * 1024).fill(0).length; }";
    const res = await attemptAndSubmit(await newUser("sbbomb"), oneTest.id, bomb);
    assert.equal(res.status, 200);
    assert.equal(res.body.results[0].passed, false);
    assert.match(res.body.results[0].message, /out of memory/);
    const grows = "function f() { const a = []; while (true) a.push('x'.repeat(1 << 20) + a.length); }";
    const again = await attemptAndSubmit(await newUser("sbbomb2"), oneTest.id, grows);
    assert.match(again.body.results[0].message, /out of memory/);
    const ok = await attemptAndSubmit(await newUser("sbafter"), oneTest.id, "function f() { return 1; }");
    assert.equal(ok.body.score, 100);
  });

  it("when the solution reaches for require, process, fetch, timers or typed arrays, then none exist", async () => {
    const probes: [string, RegExp][] = [
      ["function f() { return require('fs').readFileSync('/etc/passwd', 'utf8'); }", /'require' is not defined/],
      ["function f() { process.exit(1); }", /'process' is not defined/],
      ["function f() { return fetch('http://127.0.0.1/'); }", /'fetch' is not defined/],
      ["function f() { setTimeout(() => {}, 1); return 1; }", /'setTimeout' is not defined/],
      ["function f() { return import('fs'); }", /.+/],
      // Typed arrays are left out: their buffers would escape the memory limit.
      ["function f() { return new ArrayBuffer(1024 * 1024 * 1024).byteLength; }", /'ArrayBuffer' is not defined/],
    ];
    for (const [code, message] of probes) {
      const res = await attemptAndSubmit(await newUser("sbprobe"), oneTest.id, code);
      assert.equal(res.body.results?.[0]?.passed, false, `${code}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.results[0].message, message, `${code}: ${JSON.stringify(res.body)}`);
    }
  });

  it("when the solution throws or recurses without end, then only that test fails, with the error", async () => {
    const thrown = await attemptAndSubmit(
      await newUser("sbthrow"),
      oneTest.id,
      "function f() { throw new TypeError('boom'); }",
    );
    assert.equal(thrown.body.results[0].message, "TypeError: boom");
    const deep = await attemptAndSubmit(await newUser("sbdeep"), oneTest.id, "function f() { return f() + 1; }");
    assert.match(deep.body.results[0].message, /stack overflow|call stack/i);
    const syntax = await attemptAndSubmit(await newUser("sbsyntax"), oneTest.id, "function f( {");
    assert.match(syntax.body.results[0].message, /SyntaxError/);
  });

  it("when a solution logs, then a visible test shows its bounded console output", async () => {
    const chatty =
      "function f() { console.log('hello', 42); for (let i = 0; i < 10000; i++) console.log('spam'); return 1; }";
    const res = await attemptAndSubmit(await newUser("sblog"), oneTest.id, chatty);
    assert.equal(res.body.results[0].passed, true);
    assert.ok(res.body.results[0].output.startsWith("hello 42\nspam\n"));
    assert.ok(res.body.results[0].output.length <= 2000);
  });

  it("when a slow solution is being graded, then the hub room and /healthz still answer before it finishes", async () => {
    const admin = await adminUser();
    const slow = await createChallenge(
      admin.token,
      codeChallenge(
        [
          { fn: "f", args: [], expected: 1 },
          { fn: "f", args: [], expected: 1 },
        ],
        { title: "Two slow tests" },
      ),
    );
    const user = await newUser("sbslow");
    const order: string[] = [];
    const grading = attemptAndSubmit(user, slow.id, "function f() { while (true) {} }").then((res) => {
      order.push("graded");
      return res;
    });
    const { server } = await testServer();
    const client = new Client(server.url);
    client.auth.token = user.token;
    const room = await client.joinOrCreate("hub");
    order.push("joined hub");
    const health = await api("GET", "/healthz");
    assert.equal(health.status, 200);
    order.push("healthz");
    const res = await grading;
    await room.leave();
    assert.deepEqual(order, ["joined hub", "healthz", "graded"]);
    assert.deepEqual(
      res.body.results.map((r: { passed: boolean }) => r.passed),
      [false, false],
    );
  });
});

describe("hostile values fail only their own job", () => {
  before(async function () {
    // The test server boots on first use, which takes long on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  it("when a solution returns a BigInt, then it fails and the next player's correct answer to the same challenge passes", async () => {
    const { id, seed } = await seeded<"CODE">("code-sum-evens");
    for (let trial = 0; trial < 3; trial++) {
      const bad = await attemptAndSubmit(await newUser("sbbig"), id, "function sumEvens(){return 1n}");
      assert.equal(bad.status, 200, JSON.stringify(bad.body));
      assert.equal(bad.body.status, "failed");
      assert.match(bad.body.results[0].message, /BigInt/);
      const good = await attemptAndSubmit(await newUser("sbnext"), id, seed.solution);
      assert.equal(good.body.status, "passed", JSON.stringify(good.body));
      assert.equal(good.body.score, 100);
    }
  });

  it("when solutions return or log values the host cannot copy, then each fails its own test with a reason and the pool keeps its worker", async () => {
    const sandbox = new CodeSandbox({ size: 1 });
    try {
      const test = [{ fn: "f", args: [], expected: 1 }];
      const hostile: [string, RegExp][] = [
        ["function f() { return 1n; }", /BigInt/],
        ["function f() { return Symbol('s'); }", /got undefined/],
        [
          "function f() { let a = []; for (let i = 0; i < 3000; i++) a = [a]; return a; }",
          /nested too deeply|time limit/,
        ],
        ["function f() { return 'x'.repeat(4 * 1024 * 1024); }", /too large/],
        ["function f() { const o = {}; o.self = o; return o; }", /circular/],
        ["function f() { return { get x() { throw new Error('getter'); } }; }", /getter/],
        ["function f() { return { toJSON() { while (true) {} } }; }", /time limit exceeded/],
        ["function f() { throw { get message() { throw 1; } }; }", /Error/],
        ["function f() { throw Symbol('s'); }", /not an Error/],
        ["function f() { console.log(1n, Symbol('s'), { toString() { throw 2; } }); return 1; }", /thrown/],
        ["function f() { return import('fs'); }", /expected 1/],
      ];
      for (const [code, reason] of hostile) {
        const [result] = await sandbox.run(code, test, "hostile");
        assert.equal(result?.passed, false, code);
        assert.match(result?.message ?? "", reason, code);
      }
      assert.equal((await sandbox.run("function f() { return 1; }", test, "next"))[0]?.passed, true);
      assert.equal(sandbox.replacedWorkers, 0, "no value crashed a worker");
    } finally {
      await sandbox.close();
    }
  });
});

describe("one grading at a time per player", () => {
  it("when a player submits a second solution while the first is graded, then 429 and the first still completes", async () => {
    const admin = await adminUser();
    const slow = await createChallenge(
      admin.token,
      codeChallenge([{ fn: "f", args: [], expected: 1 }], { title: "One slow test" }),
    );
    const user = await newUser("sbslot");
    const first = attemptAndSubmit(user, slow.id, "function f() { while (true) {} }");
    // Wait until the first submission holds the slot (its attempt is claimed for grading).
    await until(async () => {
      const list = await api("GET", "/api/game/attempts", { token: user.token });
      return list.body.items[0]?.status === "grading";
    });
    const second = await api("POST", "/api/game/challenges/submit", {
      token: user.token,
      body: { challengeId: slow.id, answer: "function f() { return 1; }" },
    });
    assert.equal(second.status, 429);
    assert.ok(Number(second.headers.get("retry-after")) >= 1);
    assert.equal((await first).body.status, "failed");
    const third = await api("POST", "/api/game/challenges/submit", {
      token: user.token,
      body: { challengeId: slow.id, answer: "function f() { return 1; }" },
    });
    assert.equal(third.body.score, 100, "the slot is free again");
  });
});

describe("the sandbox worker pool", () => {
  it("when a worker is stuck past its job deadline, then the job fails cleanly and a fresh worker grades the next one", async () => {
    const sandbox = new CodeSandbox({ size: 1, limits: { timeMs: 60_000 }, jobDeadlineMs: () => 1000 });
    try {
      const test = [{ fn: "f", args: [], expected: 1 }];
      const stuck = await sandbox.run("function f() { while (true) {} }", test);
      assert.equal(stuck[0]?.passed, false);
      assert.match(stuck[0]?.message ?? "", /restarted/);
      assert.equal(sandbox.replacedWorkers, 1);
      const next = await sandbox.run("function f() { return 1; }", test);
      assert.equal(next[0]?.passed, true);
    } finally {
      await sandbox.close();
    }
  });

  it("when a solution blew the memory up, then its worker is recycled and the next job runs on a fresh one", async () => {
    const sandbox = new CodeSandbox({ size: 1 });
    try {
      const test = [{ fn: "f", args: [], expected: 1 }];
      const bomb = await sandbox.run("function f() { return new Array(128 * 1024 * 1024).fill(0).length; }", test);
      assert.match(bomb[0]?.message ?? "", /out of memory/);
      const next = await sandbox.run("function f() { return 1; }", test);
      assert.equal(next[0]?.passed, true);
      assert.equal(sandbox.recycledWorkers, 1);
      assert.equal(sandbox.replacedWorkers, 0, "recycling is planned, not a crash");
      await sandbox.run("function f() { return 1; }", test);
      assert.equal(sandbox.recycledWorkers, 1, "a small job keeps its worker");
    } finally {
      await sandbox.close();
    }
  });

  it("when 17 players keep a looping solution queued, then a victim's job runs before any of their second jobs", async () => {
    const sandbox = new CodeSandbox({ size: 1, limits: { timeMs: 100 } });
    try {
      const loop = [{ fn: "f", args: [], expected: 1 }];
      await sandbox.run("function f() { return 1; }", loop, "warm-up");
      const finished: string[] = [];
      const jobs: Promise<unknown>[] = [];
      for (let p = 0; p < 17; p++) {
        for (const round of [1, 2]) {
          const job = sandbox.run("function f() { while (true) {} }", loop, `looper${p}`);
          jobs.push(job.then(() => finished.push(`looper${p}#${round}`)));
        }
      }
      const victim = await sandbox.run("function f() { return 1; }", loop, "victim");
      finished.push("victim");
      await Promise.all(jobs);
      assert.equal(victim[0]?.passed, true);
      const victimAt = finished.indexOf("victim");
      const firstSecondJob = finished.findIndex((name) => name.endsWith("#2"));
      assert.ok(victimAt < firstSecondJob, `order: ${finished.join(", ")}`);
    } finally {
      await sandbox.close();
    }
  });

  it("when a player already has their share of jobs waiting, then their next one is refused with 429, not everybody's 503", async () => {
    const sandbox = new CodeSandbox({ size: 1, maxQueuePerOwner: 1, limits: { timeMs: 200 } });
    try {
      const test = [{ fn: "f", args: [], expected: 1 }];
      await sandbox.run("function f() { return 1; }", test, "warm-up");
      const running = sandbox.run("function f() { while (true) {} }", test, "greedy");
      const waiting = sandbox.run("function f() { while (true) {} }", test, "greedy");
      assert.throws(
        () => sandbox.run("function f() { while (true) {} }", test, "greedy"),
        (err: { status?: number; headers?: Record<string, string> }) =>
          err.status === 429 && Number(err.headers?.["Retry-After"]) >= 1,
      );
      const other = await sandbox.run("function f() { return 1; }", test, "someone-else");
      assert.equal(other[0]?.passed, true);
      await Promise.all([running, waiting]);
    } finally {
      await sandbox.close();
    }
  });

  it("when a looping solution has many tests, then the job stops at its time budget instead of holding the worker for every test", async () => {
    const sandbox = new CodeSandbox({ size: 1, limits: { timeMs: 100 } });
    try {
      const twenty = Array.from({ length: 20 }, () => ({ fn: "f", args: [], expected: 1 }));
      const results = await sandbox.run("function f() { while (true) {} }", twenty, "looper");
      assert.equal(results.length, 20);
      assert.ok(results.every((r) => !r.passed && r.message === "time limit exceeded"));
      // Each test started would have logged once: only the budget's worth (3 tests) ran.
      const logged = await sandbox.run("function f() { console.log('ran'); while (true) {} }", twenty, "looper");
      const ran = logged.filter((r) => r.output === "ran\n").length;
      assert.ok(ran >= 1 && ran <= 3, `${ran} tests ran`);
    } finally {
      await sandbox.close();
    }
  });

  it("when more jobs wait than the queue holds, then the extra one is refused with 503", async () => {
    const sandbox = new CodeSandbox({ size: 1, maxQueue: 1, limits: { timeMs: 200 } });
    try {
      const loop = "function f() { while (true) {} }";
      const test = [{ fn: "f", args: [], expected: 1 }];
      await sandbox.run("function f() { return 1; }", test); // the worker is up and idle
      const running = sandbox.run(loop, test, "a");
      const queued = sandbox.run(loop, test, "b");
      assert.throws(
        () => sandbox.run(loop, test, "c"),
        (err: { status?: number; headers?: Record<string, string> }) =>
          err.status === 503 && err.headers?.["Retry-After"] === "5",
      );
      const results = await Promise.all([running, queued]);
      assert.ok(results.every((r) => r[0]?.message === "time limit exceeded"));
    } finally {
      await sandbox.close();
    }
  });
});
