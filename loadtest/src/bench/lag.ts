/** Event-loop delay p99 (ms) of a game server since the previous read: prom-client resets its histogram on each scrape. */
export async function gameServerLagP99(baseUrl: string, metricsToken: string): Promise<number> {
  const text = await (
    await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })
  ).text();
  const match = /^nodejs_eventloop_lag_p99_seconds\s+([0-9.e+-]+)$/m.exec(text);
  if (!match) throw new Error("no nodejs_eventloop_lag_p99_seconds in /metrics");
  return Number(match[1]) * 1000;
}

/** The same figure from the baseline process. */
export async function baselineLagP99(httpUrl: string): Promise<number> {
  return ((await (await fetch(`${httpUrl}/lag`)).json()) as { p99Ms: number }).p99Ms;
}
