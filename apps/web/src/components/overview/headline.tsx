// The headline numbers of the period: visitors, sessions, bounce rate, session duration, revenue
// and conversion.
import { Skeleton } from "../ui/misc";
import { formatCount, formatDuration, formatMoney, formatPercent } from "./format";

export interface HeadlineTotals {
  visitors: number;
  sessions: number;
  bounceRate: number;
  avgSessionDurationMs: number;
  revenue: number;
  conversionRate: number;
}

export function Headline({ totals, currency }: { totals: HeadlineTotals | undefined; currency: string }) {
  const stats = [
    { key: "visitors", label: "Visitors", value: totals && formatCount(totals.visitors) },
    { key: "sessions", label: "Sessions", value: totals && formatCount(totals.sessions) },
    { key: "bounce-rate", label: "Bounce rate", value: totals && formatPercent(totals.bounceRate) },
    { key: "duration", label: "Session duration", value: totals && formatDuration(totals.avgSessionDurationMs) },
    { key: "revenue", label: "Revenue", value: totals && formatMoney(totals.revenue, currency) },
    { key: "conversion", label: "Conversion", value: totals && formatPercent(totals.conversionRate) },
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {stats.map((stat) => (
        <div
          key={stat.key}
          data-testid={`stat-${stat.key}`}
          className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
        >
          <dt className="text-xs font-medium text-zinc-600 dark:text-zinc-400">{stat.label}</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">
            {stat.value ?? <Skeleton className="h-8 w-16" />}
          </dd>
        </div>
      ))}
    </dl>
  );
}
