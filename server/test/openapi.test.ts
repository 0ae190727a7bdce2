import assert from "node:assert/strict";
import SwaggerParser from "@apidevtools/swagger-parser";
import { z } from "zod";
import { buildOpenApi } from "../src/http/openapi.ts";
import type { RouteSpec } from "../src/http/route.ts";
import { api } from "./support/api.ts";

/** Every `$ref` in `doc` that does not point at something in `doc` (local JSON pointers only). */
function unresolvedRefs(doc: unknown): string[] {
  const refs: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string") refs.push(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  const resolves = (ref: string) => {
    if (!ref.startsWith("#/")) return false;
    let node: unknown = doc;
    for (const raw of ref.slice(2).split("/")) {
      const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      if (!node || typeof node !== "object" || !(key in node)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return true;
  };
  return [...new Set(refs.filter((ref) => !resolves(ref)))];
}

const route = (spec: Partial<RouteSpec>): RouteSpec =>
  ({
    method: "post",
    path: "/x",
    summary: "x",
    tags: ["x"],
    auth: false,
    handler: () => undefined,
    ...spec,
  }) as RouteSpec;

describe("OpenAPI document (/api/openapi.json)", () => {
  it("when the served document is validated by swagger-parser, then it is valid OpenAPI with every $ref resolved", async () => {
    const res = await api("GET", "/api/openapi.json");
    assert.equal(res.status, 200);
    assert.deepEqual(unresolvedRefs(res.body), []);
    // validate() dereferences too: a dangling $ref fails it.
    await SwaggerParser.validate(structuredClone(res.body));
  });

  it("when operations are public, signed-in only or open, then each states its own security", async () => {
    const { body: doc } = await api("GET", "/api/openapi.json");
    const security = (path: string, method: string) => doc.paths[path][method].security ?? doc.security;
    const optional = [{}, { bearer: [] }];
    assert.deepEqual(security("/api/game/challenges", "get"), optional);
    assert.deepEqual(security("/api/game/challenges/{id}", "get"), optional);
    assert.deepEqual(security("/api/game/leaderboard", "get"), optional);
    assert.ok(doc.paths["/api/game/leaderboard"].get.responses["429"], "public reads document their rate limit");
    for (const [path, method] of [
      ["/api/game/challenges", "post"],
      ["/api/game/dashboard", "get"],
      ["/api/game/profile", "get"],
      ["/api/admin/challenges", "get"],
      ["/api/admin/challenges/{id}/review", "post"],
      ["/api/game/leaderboard/users/{userId}/progress", "get"],
    ] as const) {
      assert.deepEqual(security(path, method), [{ bearer: [] }], `${method} ${path}`);
    }
    assert.deepEqual(security("/api/auth/register", "post"), []);
  });

  it("when an operation takes JSON values (challenge tests), then its schema is documented with no dangling reference", async () => {
    const res = await api("GET", "/api/openapi.json");
    const body = res.body.paths["/api/game/challenges"].post.requestBody.content["application/json"].schema;
    assert.ok(JSON.stringify(body).includes('"tests"'), JSON.stringify(body));
    assert.deepEqual(unresolvedRefs(res.body), []);
    assert.ok(!JSON.stringify(res.body).includes("#/definitions/"), "no reference relative to a converted schema");
  });

  it("when schemas are recursive at the root, nested, or reused across operations, then the document stays valid", async () => {
    type Tree = { name: string; children: Tree[] };
    const tree: z.ZodType<Tree> = z.lazy(() => z.object({ name: z.string(), children: z.array(tree) }));
    const doc = buildOpenApi(
      [
        route({ path: "/json", body: z.json() }),
        route({ path: "/tree", body: z.object({ root: tree }), response: z.object({ value: z.json() }) }),
        route({ method: "put", path: "/tree", body: tree, query: z.object({ q: z.string().optional() }) }),
      ],
      { version: "test" },
    ) as { components: { schemas: Record<string, unknown> } };
    assert.deepEqual(unresolvedRefs(doc), []);
    await SwaggerParser.validate(structuredClone(doc) as never);
    // z.json() twice (body of /json, response of /tree) is one component.
    const names = Object.keys(doc.components.schemas);
    assert.equal(names.filter((n) => n === "JsonValue").length, 1);
  });
});
