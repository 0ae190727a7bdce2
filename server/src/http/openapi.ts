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

function jsonSchema(schema: z.ZodType, io: "input" | "output"): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", target: "openapi-3.0" });
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
}

/** Builds the OpenAPI 3 document from the same route specs (and zod schemas) the server mounts. */
export function buildOpenApi(routes: RouteSpec[], extra: { version: string }): unknown {
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
      ...(r.auth === false ? { security: [] } : {}),
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
      schemas: { Error: jsonSchema(errorBodySchema, "output") },
    },
    paths,
  };
}
