"use client";
// A key's or a token's requests over the last 30 days: one stacked bar per UTC day (2xx, 3xx, 4xx,
// 5xx), drawn as inline SVG, with the last client seen. The numbers are also in the bars' titles and
// in the summary line, for screen readers.
import type { CredentialUsage, UsageDay } from "@keygate/core/contracts";
import { useQuery } from "@tanstack/react-query";
import { timeAgo } from "@/lib/time";
import { useTRPC } from "@/trpc/client";

const DAYS = 30;
const CLASSES = [
  { key: "2xx", label: "2xx", color: "#10b981" },
  { key: "3xx", label: "3xx", color: "#6366f1" },
  { key: "4xx", label: "4xx", color: "#f59e0b" },
  { key: "5xx", label: "5xx", color: "#ef4444" },
] as const;

const round = (value: number) => Math.round(value * 100) / 100;
const total = (day: UsageDay) => day["2xx"] + day["3xx"] + day["4xx"] + day["5xx"];

export function UsageBars({ usage, label }: { usage: CredentialUsage; label: string }) {
  const width = 150;
  const height = 32;
  const slot = width / Math.max(1, usage.data.length);
  const peak = Math.max(1, ...usage.data.map(total));
  const sum = usage.data.reduce((n, day) => n + total(day), 0);
  const errors = usage.data.reduce((n, day) => n + day["4xx"] + day["5xx"], 0);
  const seen = usage.lastSeen;
  return (
    <figure className="space-y-1" aria-label={`${label}: requests per day`}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${sum} requests in ${usage.data.length} days, ${errors} refused or failed`}
        className="block rounded bg-zinc-50 dark:bg-zinc-900"
      >
        {usage.data.map((day, i) => {
          let y = height;
          return (
            <g key={day.date}>
              <title>
                {`${day.date}: ${total(day)} requests (${CLASSES.map((c) => `${day[c.key]} ${c.label}`).join(", ")})`}
              </title>
              <rect x={round(i * slot)} y={0} width={round(slot)} height={height} fill="transparent" />
              {CLASSES.map((c) => {
                const h = (day[c.key] / peak) * height;
                if (h <= 0) return null;
                y -= h;
                return (
                  <rect
                    key={c.key}
                    x={round(i * slot + 0.5)}
                    y={round(Math.max(0, y))}
                    width={round(Math.max(1, slot - 1))}
                    height={round(h)}
                    fill={c.color}
                  />
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-zinc-600 dark:text-zinc-400">
        {sum.toLocaleString("en")} requests in {usage.data.length} days
        {errors > 0 ? `, ${errors.toLocaleString("en")} 4xx/5xx` : ""}
        {seen ? (
          <span className="block break-all" title={seen.userAgent ?? undefined}>
            Last seen {timeAgo(seen.at).toLowerCase()} from {seen.ip ?? "unknown"}
            {seen.userAgent
              ? ` · ${seen.userAgent.length > 60 ? `${seen.userAgent.slice(0, 60)}…` : seen.userAgent}`
              : ""}
          </span>
        ) : null}
      </figcaption>
    </figure>
  );
}

function UsageState({ query, label }: { query: { data?: CredentialUsage; isError: boolean }; label: string }) {
  if (query.isError) return <span className="text-xs text-zinc-500">Usage unavailable</span>;
  if (!query.data) return <span className="text-xs text-zinc-500">Loading usage…</span>;
  return <UsageBars usage={query.data} label={label} />;
}

/** The last 30 days of a website key (Developer page). */
export function ApiKeyUsage({ websiteId, apiKeyId, label }: { websiteId: string; apiKeyId: string; label: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.credentialUsage.apiKey.queryOptions({ websiteId, apiKeyId, days: DAYS }));
  return <UsageState query={query} label={label} />;
}

/** The last 30 days of one of your account tokens (tokens page). */
export function AccessTokenUsage({ tokenId, label }: { tokenId: string; label: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.credentialUsage.accessToken.queryOptions({ tokenId, days: DAYS }));
  return <UsageState query={query} label={label} />;
}
