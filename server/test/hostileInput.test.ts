import assert from "node:assert/strict";
import { errorBodySchema } from "@levelup/shared";
import { api, makeAdmin, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

const ip = () => ({ "x-forwarded-for": `192.0.2.${1 + Math.floor(Math.random() * 250)}` });

/** `[[[…]]]` (or `{"a":{"a":…}}`) `depth` levels deep, built as text: JSON.stringify would recurse. */
const deepArray = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

function assertErrorShape(res: { status: number; body: unknown }, what: string) {
  assert.ok(res.status < 500, `${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  if (res.status >= 400) {
    assert.ok(errorBodySchema.safeParse(res.body).success, `${what}: not the error shape: ${JSON.stringify(res.body)}`);
  }
}

describe("hostile input: control characters and nesting", () => {
  before(async function () {
    // Booting the shared test server takes long on a busy machine.
    this.timeout(180_000);
    await testServer();
  });

  for (const [name, char] of [
    ["NUL", "\u0000"],
    ["BEL", "\u0007"],
    ["ESC", "\u001b"],
    ["DEL", "\u007f"],
    ["a C1 control", "\u0085"],
  ] as const) {
    it(`when an unauthenticated login has ${name} in its username, then 400 VALIDATION_FAILED`, async () => {
      const res = await api("POST", "/api/auth/login", {
        body: { username: `ali${char}ce`, password: "password123" },
        headers: ip(),
      });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    });
  }

  it("when registration has NUL in the email or password, then 400 naming the field and no account", async () => {
    for (const [field, body] of [
      ["email", { username: "nul_reg_1", email: "a\u0000@example.test", password: "password123" }],
      ["password", { username: "nul_reg_2", email: "nul2@example.test", password: "pass\u0000word123" }],
    ] as const) {
      const res = await api("POST", "/api/auth/register", { body, headers: ip() });
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.ok(
        res.body.error.details.fields.some((f: { path: string }) => f.path === field),
        JSON.stringify(res.body),
      );
    }
  });

  it("when a challenge's title has a control character, then 400 and code keeps its newlines and tabs", async () => {
    const admin = await makeAdmin(await newUser("ctl"));
    const base = {
      type: "CODE",
      title: "Sum of evens",
      description: "Return the sum\nof the even numbers.",
      difficulty: 1,
      xpReward: 10,
      coinReward: 0,
      language: "javascript",
      starterCode: "function sumEvens(xs) {\n\treturn 0;\r\n}",
      tests: [{ fn: "sumEvens", args: [[1, 2, 4]], expected: 6 }],
    };
    const bad = await api("POST", "/api/game/challenges", {
      token: admin.token,
      body: { ...base, title: "Sum\u0000" },
    });
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    const badArg = await api("POST", "/api/game/challenges", {
      token: admin.token,
      body: { ...base, tests: [{ fn: "sumEvens", args: ["a\u0000"], expected: 6 }] },
    });
    assert.equal(badArg.status, 400, JSON.stringify(badArg.body));
    const good = await api("POST", "/api/game/challenges", { token: admin.token, body: base });
    assert.equal(good.status, 201, JSON.stringify(good.body));
  });

  it("when test arguments are nested 5,000 deep (or an array is huge), then 400, not 500", async () => {
    const admin = await makeAdmin(await newUser("deep"));
    const head =
      '{"type":"CODE","title":"Deep","description":"d","difficulty":1,"xpReward":10,"coinReward":0,"language":"javascript","tests":[{"fn":"f","args":[';
    for (const [what, arg] of [
      ["arrays", deepArray(5000)],
      ["objects", deepObject(5000)],
      ["a 20,000-element array", `[${Array(20_000).fill("0").join(",")}]`],
    ] as const) {
      const res = await api("POST", "/api/game/challenges", {
        token: admin.token,
        raw: `${head}${arg}],"expected":1}]}`,
        headers: { "content-type": "application/json" },
      });
      assert.equal(res.status, 400, `${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    }
  });

  it("when every route of the OpenAPI document gets hostile bodies, queries and path values, then no 5xx and every error in the contract's shape", async function () {
    this.timeout(600_000);
    const doc = (await api("GET", "/api/openapi.json")).body as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const hostileStrings = ["\u0000", "a\u0000b", "\u001b[2J", "\ud800", "x".repeat(5000), "../../etc/passwd", "%00"];
    const hostileValues: unknown[] = [
      ...hostileStrings,
      -1,
      1e308,
      2 ** 63,
      true,
      null,
      [],
      {},
      Array(2000).fill("x"),
      { __proto__: { admin: true }, constructor: { prototype: { x: 1 } } },
    ];
    let calls = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        if (path === "/api/auth/logout" || path === "/metrics") continue;
        // A fresh admin per route: a route that ends a session cannot spoil the next one.
        const admin = await makeAdmin(await newUser("walk"));
        const headers = { ...ip(), "idempotency-key": "walker-key-0001" };
        const paths = pathVariants(path);
        const properties = Object.keys(op.requestBody?.content?.["application/json"]?.schema?.properties ?? {});
        const queryNames = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
        for (const url of paths) {
          const send = async (init: { raw?: string; query?: string }) => {
            calls++;
            const res = await api(method.toUpperCase(), `${url}${init.query ?? ""}`, {
              token: admin.token,
              headers: { ...headers, ...(init.raw === undefined ? {} : { "content-type": "application/json" }) },
              raw: method === "get" ? undefined : init.raw,
            });
            assertErrorShape(res, `${method.toUpperCase()} ${url}${init.query ?? ""} ${(init.raw ?? "").slice(0, 80)}`);
          };
          await send({});
          for (const q of queryNames) {
            for (const v of hostileStrings) await send({ query: `?${q}=${queryValue(v)}` });
            await send({ query: `?${q}=1&${q}=2` });
          }
          if (method === "get") continue;
          for (const raw of ["{bad", '"\\u0000"', deepArray(5000), deepObject(5000), "[]", "null", "1e999"]) {
            await send({ raw });
          }
          for (const v of hostileValues) {
            await send({ raw: JSON.stringify(Object.fromEntries(properties.map((p) => [p, v]))) });
            for (const p of properties) await send({ raw: JSON.stringify({ [p]: v }) });
          }
          for (const p of properties) await send({ raw: `{"${p}":${deepObject(5000)}}` });
        }
      }
    }
    assert.ok(calls > 500, `only ${calls} calls made`);
  });
});

/** `v` percent-encoded; a lone surrogate (which encodeURIComponent refuses) as its raw UTF-8 bytes. */
function queryValue(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%ED%A0%80";
  }
}

interface OpenApiOperation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
}

/** The route with each `{param}` filled by hostile values (and one plausible value). */
function pathVariants(path: string): string[] {
  if (!path.includes("{")) return [path];
  return ["00000000-0000-0000-0000-000000000000", "%00", "a%00b", "x".repeat(3000), "%E0%A4%A", "..%2F..%2Fadmin"].map(
    (v) => path.replace(/\{[^}]+\}/g, v),
  );
}
