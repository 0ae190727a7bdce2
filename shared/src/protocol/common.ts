import { z } from "zod";

/**
 * Control characters: C0 (NUL…US), DEL and C1. None belongs in a name, a title or an answer, and
 * NUL cannot even be stored in a PostgreSQL text column (it was a 500).
 */
const CONTROL = "\\u0000-\\u001f\\u007f-\\u009f";
/** The same without tab, line feed and carriage return, which multi-line text (code, markdown) needs. */
const CONTROL_BUT_LINES = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f";
/** Matches text without any control character (for a schema that is not a plain `text()`, e.g. an email). */
export const singleLine = new RegExp(`^[^${CONTROL}]*$`);
const multiLine = new RegExp(`^[^${CONTROL_BUT_LINES}]*$`);
const anyControlButLines = new RegExp(`[${CONTROL_BUT_LINES}]`);

/** A one-line text field of a request: no control characters at all (400 otherwise). */
export const text = () => z.string().regex(singleLine, "must not contain control characters");

/** A multi-line text field (code, markdown): tab, line feed and carriage return only. */
export const multilineText = () =>
  z.string().regex(multiLine, "must not contain control characters other than tab and line breaks");

/** Bounds of any request input: deeper or larger values are refused before a schema recurses into them. */
export const INPUT_LIMITS = { depth: 32, values: 20_000 } as const;

/**
 * What is wrong with the shape of an untrusted value, walked without recursion (a value nested
 * 5,000 deep overflowed the stack of a recursive validator): too deep, too many values, or a
 * string or key with a control character other than tab and line breaks. Undefined when fine.
 */
export function inputShapeProblem(
  value: unknown,
  limits: { depth: number; values: number } = INPUT_LIMITS,
): { path: string; message: string } | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: "" }];
  let seen = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (++seen > limits.values) return { path: "(root)", message: `has more than ${limits.values} values` };
    if (typeof item.value === "string") {
      if (anyControlButLines.test(item.value)) {
        return { path: item.path || "(root)", message: "must not contain control characters" };
      }
      continue;
    }
    if (!item.value || typeof item.value !== "object") continue;
    if (item.depth >= limits.depth) {
      return { path: item.path || "(root)", message: `is nested more than ${limits.depth} levels deep` };
    }
    for (const [key, child] of Object.entries(item.value)) {
      const path = item.path ? `${item.path}.${key}` : key;
      if (anyControlButLines.test(key)) return { path, message: "field names must not contain control characters" };
      stack.push({ value: child, depth: item.depth + 1, path });
    }
  }
  return undefined;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Plain JSON data (e.g. a test's arguments), bounded as INPUT_LIMITS says; checked without recursion. */
export const boundedJson = () =>
  z.custom<Json>(
    (v) => isJson(v) && inputShapeProblem(v) === undefined,
    `must be JSON nested at most ${INPUT_LIMITS.depth} deep with at most ${INPUT_LIMITS.values} values, without control characters`,
  );

function isJson(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === "string" || typeof v === "boolean") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) stack.push(...Object.values(v));
    else return false;
    if (stack.length > INPUT_LIMITS.values) return false;
  }
  return true;
}

/** `limit` of every list route: default 20, at most 100 (docs/api.md). */
export const limitSchema = z.coerce.number().int().min(1).max(100).default(20);

export const cursorPageQuery = z.object({
  limit: limitSchema,
  cursor: text().max(200).optional(),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const idParam = z.object({ id: text().min(1).max(64) });

export const isoDate = z.string().describe("ISO-8601 UTC timestamp");

/** A room message without a payload (`ready`, `lock`, `coding_end`…): nothing, or an empty object. */
export const emptyMessage = z.union([z.undefined(), z.null(), z.strictObject({})]);
