import type { z } from "zod";
import { badRequest, zodDetails } from "./errors.ts";

/** Parses untrusted input with a schema or throws the contract's 400 naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "request body"): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const details = zodDetails(result.error);
    const names = details.fields.map((f) => f.path).join(", ");
    throw badRequest(`Invalid ${what}: ${names}`, details);
  }
  return result.data;
}
