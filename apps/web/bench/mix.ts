// The soak's mixed load (bench/soak.ts, bench/heap.ts): a `df_` key's key list and overview, an
// account token's GET /admin/account and a new visitor's pageview, in rounds of a fixed number of
// requests that each wait for every answer, so that no write is in flight between rounds.
import autocannon from "autocannon";
import { BENCH_METRICS_TOKEN, type Bench, BROWSER_UA, pageviewBody } from "./setup";

export interface MixCounts {
  status5xx: number;
  /** Pageviews answered 2xx and not dropped: each must be stored once. */
  writesAccepted: number;
  /** Other answers that are not 2xx, by status. */
  other: Map<number, number>;
}

export const newMixCounts = (): MixCounts => ({ status5xx: 0, writesAccepted: 0, other: new Map() });

/** A new `df_` key on the bench website, as a client would create it. */
export async function createWebsiteKey(bench: Bench, name: string): Promise<string> {
  const created = await fetch(`${bench.baseUrl}/api/v1/admin/websites/${bench.websiteId}/apikeys`, {
    method: "POST",
    headers: { authorization: `Bearer ${bench.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  }).then((r) => r.json() as Promise<{ data: { key: string }[] }>);
  return created.data[0]?.key as string;
}

/** One round: `amount` requests of the mix over `connections` loopback connections. */
export function mixedRound(
  bench: Bench,
  key: string,
  counts: MixCounts,
  { connections, amount }: { connections: number; amount: number },
): Promise<autocannon.Result> {
  const { baseUrl, websiteId, trackingId, token } = bench;
  const asKey = { authorization: `Bearer ${key}`, "content-type": "application/json", "user-agent": BROWSER_UA };
  const count = (status: number) => {
    if (status >= 500) counts.status5xx++;
    else if (status >= 300) counts.other.set(status, (counts.other.get(status) ?? 0) + 1);
  };
  return autocannon({
    url: baseUrl,
    connections,
    amount,
    requests: [
      // Reads with a website key: its key list and the overview.
      { method: "GET", path: `/api/v1/admin/websites/${websiteId}/apikeys`, headers: asKey, onResponse: count },
      { method: "GET", path: "/api/v1/analytics/overview", headers: asKey, onResponse: count },
      // A write through collection: a new visitor's pageview.
      {
        method: "POST",
        path: "/api/events",
        headers: { "content-type": "application/json", "user-agent": BROWSER_UA },
        setupRequest: (request) => ({
          ...request,
          body: pageviewBody(trackingId, "https://bench.example.com/soak"),
        }),
        onResponse: (status, body) => {
          count(status);
          if (status < 300 && !body.includes('"dropped"')) counts.writesAccepted++;
        },
      },
      // An account token's read, so both kinds of credential are in the mix.
      {
        method: "GET",
        path: "/api/v1/admin/account",
        headers: { authorization: `Bearer ${token}` },
        onResponse: count,
      },
    ],
  });
}

/** The V8 heap in use (MB), from the server's /metrics: what JavaScript holds, unlike RSS. */
export async function serverHeapUsedMb(baseUrl: string): Promise<number> {
  const text = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } }).then(
    (r) => r.text(),
  );
  const line = text.split("\n").find((l) => l.startsWith("nodejs_heap_size_used_bytes "));
  return Math.round(Number(line?.split(" ")[1]) / 1024 / 1024);
}
