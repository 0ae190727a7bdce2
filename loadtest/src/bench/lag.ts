/**
 * A game server's /metrics text. Each scrape resets prom-client's event-loop delay histogram, so
 * gameServerLagP99 reads the delay since whichever scrape came before.
 */
export async function scrapeMetrics(baseUrl: string, metricsToken: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
  return res.text();
}

/** Event-loop delay p99 (ms) of a game server since the previous read: prom-client resets its histogram on each scrape. */
export async function gameServerLagP99(baseUrl: string, metricsToken: string): Promise<number> {
  const text = await scrapeMetrics(baseUrl, metricsToken);
  const match = /^nodejs_eventloop_lag_p99_seconds\s+([0-9.e+-]+)$/m.exec(text);
  if (!match) throw new Error("no nodejs_eventloop_lag_p99_seconds in /metrics");
  return Number(match[1]) * 1000;
}

/** The same figure from the baseline process. */
export async function baselineLagP99(httpUrl: string): Promise<number> {
  return ((await (await fetch(`${httpUrl}/lag`)).json()) as { p99Ms: number }).p99Ms;
}
