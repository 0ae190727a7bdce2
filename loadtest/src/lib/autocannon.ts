import autocannon from "autocannon";

export interface HttpFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  statuses: Record<string, number>;
  errors: number;
}

/** One autocannon run reduced to the figures a report needs (status counts included: a 429 is not a success). */
export async function hammer(opts: autocannon.Options): Promise<HttpFigures> {
  const result = await autocannon({ ...opts });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statuses[code] = (stat as { count: number }).count;
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}
