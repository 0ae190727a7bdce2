import { inputShapeProblem } from "@levelup/shared";
import type { z } from "zod";
import { badRequest, zodDetails } from "./errors.ts";

/**
 * Parses untrusted input with a schema or throws the contract's 400 naming the fields. Every input
 * is first bounded by `inputShapeProblem` (depth, size, control characters).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "request body"): z.infer<S> {
  // Before the schema, so that no validator recurses into a value nested thousands deep, and no
  // control character reaches a field a schema forgot to guard (the shared `text()` helpers).
  const problem = inputShapeProblem(input);
  if (problem) throw badRequest(`Invalid ${what}: ${problem.path}`, { fields: [problem] });
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = zodDetails(result.error);
    const names = details.fields.map((f) => f.path).join(", ");
    throw badRequest(`Invalid ${what}: ${names}`, details);
  }
  return result.data;
}
