import type { ErrorBody } from "./errors.ts";

/** What a call of the game's REST API answered: the status and the JSON body (undefined when empty or not JSON). */
export interface JsonAnswer {
  status: number;
  ok: boolean;
  body: unknown;
  /** The raw body, for messages about an answer that is not the contract's. */
  text: string;
}

/**
 * One call of the game's REST API (docs/api.md) from the web client, the tracker CLI and the load
 * scripts: the bearer token when given, the body as JSON when given, any extra headers. A network failure rejects as
 * `fetch` does; every HTTP answer resolves, so each caller decides what a failure means to it.
 */
export async function callJson(
  url: string,
  request: { method: string; token?: string | null | undefined; body?: unknown; headers?: Record<string, string> },
): Promise<JsonAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, {
    method: request.method,
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await res.text();
  return { status: res.status, ok: res.ok, body: parseJson(text), text };
}

/** The contract's error of a failed answer (`{"error":{"code","message","details?"}}`), if it is one. */
export function contractError(answer: JsonAnswer): Partial<ErrorBody["error"]> {
  const error = (answer.body as Partial<ErrorBody> | undefined)?.error;
  return typeof error === "object" && error !== null ? error : {};
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
