import { createHash } from "node:crypto";
import { z } from "zod";
import { errorBodySchema } from "@levelup/shared";
import type { RouteSpec } from "./route.ts";

const errorDescriptions: Record<number, string> = {
  400: "Malformed or invalid input; details name the fields",
  401: "Missing, bad or expired token",
  403: "Not allowed",
  404: "Unknown id",
  409: "Conflict",
  410: "Gone",
  413: "Body too large",
  422: "A valid request the game rules refuse",
  429: "Rate limited (see Retry-After)",
  503: "A dependency is unreachable",
};

type JsonObject = Record<string, unknown>;

/** Where zod puts the schemas it names (recursive ones, such as `z.json()`), relative to the converted schema. */
const LOCAL_REF = "#/definitions/";
const SELF = "#";

function convert(schema: z.ZodType, io: "input" | "output"): JsonObject {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" }) as JsonObject;
}

/** Copies `node` with every `$ref` passed through `rename`. */
function mapRefs(node: unknown, rename: (ref: string) => string): unknown {
  if (Array.isArray(node)) return node.map((item) => mapRefs(item, rename));
  if (node === null || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [
      key,
      key === "$ref" && typeof value === "string" ? rename(value) : mapRefs(value, rename),
    ]),
  );
}

/** A schema's text with its references to itself written alike, whatever zod called it. */
function canonical(schema: unknown, selfRef: string): string {
  return JSON.stringify(mapRefs(schema, (ref) => (ref === selfRef ? "self" : ref)));
}

const jsonValueText = canonical(convert(z.json(), "output"), SELF);

/**
 * zod writes the schemas it names (each recursive one) into the converted schema's own
 * `definitions`, with `$ref`s relative to it, which point nowhere once the schema sits inside the
 * OpenAPI document. They move to `components.schemas`: one name per content (`JsonValue` for
 * `z.json()`), so the same schema used by several operations is one component.
 */
class Components {
  readonly schemas: JsonObject = {};

  /** The OpenAPI form of `schema`, its named parts moved to the components. */
  schema(schema: z.ZodType, io: "input" | "output"): unknown {
    const converted = convert(schema, io);
    const { definitions, ...root } = converted as JsonObject & { definitions?: JsonObject };
    const names = new Map<string, string>();
    for (const [local, definition] of Object.entries(definitions ?? {})) {
      names.set(`${LOCAL_REF}${local}`, this.nameFor(definition, `${LOCAL_REF}${local}`));
    }
    // A schema that is recursive at its root refers to itself as "#": it becomes a component too.
    const rootIsRecursive = JSON.stringify(root).includes(`"$ref":"${SELF}"`);
    if (rootIsRecursive) names.set(SELF, this.nameFor(root, SELF));
    const rename = (ref: string) => {
      const name = names.get(ref);
      return name ? `#/components/schemas/${name}` : ref;
    };
    for (const [local, definition] of Object.entries(definitions ?? {})) {
      this.schemas[names.get(`${LOCAL_REF}${local}`) as string] = mapRefs(definition, rename);
    }
    if (!rootIsRecursive) return mapRefs(root, rename);
    this.schemas[names.get(SELF) as string] = mapRefs(root, rename);
    return { $ref: rename(SELF) };
  }

  private nameFor(definition: unknown, selfRef: string): string {
    const text = canonical(definition, selfRef);
    if (text === jsonValueText) return "JsonValue";
    return `Schema_${createHash("sha256").update(text).digest("hex").slice(0, 12)}`;
  }
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/** Builds the OpenAPI 3 document from the same route specs (and zod schemas) the server mounts. */
export function buildOpenApi(routes: RouteSpec[], extra: { version: string }): unknown {
  const components = new Components();
  const jsonSchema = (schema: z.ZodType, io: "input" | "output") => components.schema(schema, io);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const oaPath = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const parameters: unknown[] = pathParams(r.path).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (r.query) {
      const qs = jsonSchema(r.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(qs.properties ?? {})) {
        parameters.push({ name, in: "query", required: qs.required?.includes(name) ?? false, schema });
      }
    }
    const responses: Record<string, unknown> = {
      [String(r.status ?? 200)]: r.response
        ? { description: "Success", content: { "application/json": { schema: jsonSchema(r.response, "output") } } }
        : { description: "Success" },
    };
    const errorStatuses = new Set([
      ...(r.errors ?? []),
      ...(r.body || r.query ? [400] : []),
      ...(r.auth === false ? [] : [401]),
      ...(r.auth === "public" ? [429] : []),
    ]);
    for (const status of [...errorStatuses].sort()) {
      responses[String(status)] = {
        description: errorDescriptions[status] ?? "Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: r.tags,
      parameters,
      responses,
      // Per operation: none, optional (anonymous or a bearer token), or the document's default (bearer).
      ...(r.auth === false ? { security: [] } : r.auth === "public" ? { security: [{}, { bearer: [] }] } : {}),
    };
    if (r.body) {
      const schema = jsonSchema(r.body, "input");
      const content: Record<string, unknown> = { "application/json": { schema } };
      for (const type of r.bodyContentTypes ?? []) content[type] = { schema };
      op.requestBody = { required: true, content };
    }
    paths[oaPath] ??= {};
    (paths[oaPath] as Record<string, unknown>)[r.method] = op;
  }
  return {
    openapi: "3.0.3",
    info: {
      title: "LevelUP Coder API",
      version: extra.version,
      description:
        "REST API of LevelUP Coder. Realtime rooms (hub, coding, dungeon) are reached over WebSocket on the same port with @colyseus/sdk; see the README.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: jsonSchema(errorBodySchema, "output"), ...components.schemas },
    },
    paths,
  };
}
