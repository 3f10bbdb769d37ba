// One bounded autocannon run against a loopback URL, reduced to what the REST bench reports.
import autocannon from "autocannon";

export const CONNECTIONS = 32;

export interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** Connection errors (timeouts included) and answers with another status than expected. */
  errors: number;
  requests: number;
}

export interface Endpoint {
  url: string;
  /** The Bearer credential to send, if any. */
  auth?: string;
  /** The status every answer must have. */
  status: number;
}

export async function load({ url, auth, status }: Endpoint, seconds: number): Promise<Run> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: auth ? { authorization: `Bearer ${auth}` } : {},
  });
  const expected = result.statusCodeStats?.[`${status}`]?.count ?? 0;
  const answered = Object.values(result.statusCodeStats ?? {}).reduce((sum, stat) => sum + (stat?.count ?? 0), 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + (answered - expected),
    requests: answered,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The median of each figure over rounds; errors add up. */
export function medianRun(runs: Run[]): Run {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
  };
}
