"use client";
// Visitors (area) and revenue (bars) over the period, drawn with recharts. The same numbers are in a
// table for screen readers; the chart itself can be stepped through with the arrow keys.
import { Area, Bar, CartesianGrid, ComposedChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatCompact, formatCount, formatMoney } from "./format";

export interface SeriesPoint {
  name: string;
  timestamp: string;
  visitors: number;
  revenue: number;
}

const VISITORS = "#6366f1";
const REVENUE = "#10b981";

interface ChartTooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  label?: string | number;
  currency: string;
}

function ChartTooltip({ active, payload, label, currency }: ChartTooltipProps) {
  if (!active || !payload?.length) return null;
  const point = payload[0]?.payload as SeriesPoint | undefined;
  if (!point) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-3 py-2 text-sm shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-medium">{label}</p>
      <p className="text-zinc-700 dark:text-zinc-300">{formatCount(point.visitors)} visitors</p>
      <p className="text-zinc-700 dark:text-zinc-300">{formatMoney(point.revenue, currency)} revenue</p>
    </div>
  );
}

export function VisitorsChart({ data, currency, caption }: { data: SeriesPoint[]; currency: string; caption: string }) {
  const hasRevenue = data.some((point) => point.revenue > 0);
  return (
    <figure className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <figcaption className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
        <span className="font-medium">{caption}</span>
        <span className="flex items-center gap-1.5 text-zinc-600 dark:text-zinc-400">
          <span aria-hidden className="size-2.5 rounded-sm" style={{ background: VISITORS }} /> Visitors
        </span>
        <span className="flex items-center gap-1.5 text-zinc-600 dark:text-zinc-400">
          <span aria-hidden className="size-2.5 rounded-sm" style={{ background: REVENUE }} /> Revenue
        </span>
      </figcaption>
      <div className="text-zinc-500 dark:text-zinc-400">
        <ComposedChart
          responsive
          data={data}
          style={{ width: "100%", height: 256 }}
          margin={{ top: 4, right: 4, bottom: 0, left: -16 }}
          title={caption}
          desc="Visitors and revenue over the period; the table below holds the same numbers."
        >
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="name"
            tick={{ fill: "currentColor", fontSize: 12 }}
            tickLine={false}
            axisLine={false}
            minTickGap={24}
          />
          <YAxis
            yAxisId="visitors"
            allowDecimals={false}
            tickFormatter={formatCompact}
            tick={{ fill: "currentColor", fontSize: 12 }}
            tickLine={false}
            axisLine={false}
          />
          <YAxis yAxisId="revenue" orientation="right" hide={!hasRevenue} tick={false} axisLine={false} width={8} />
          <Tooltip
            content={({ active, payload, label }) => (
              <ChartTooltip active={active} payload={payload} label={label} currency={currency} />
            )}
          />
          <Bar
            yAxisId="revenue"
            dataKey="revenue"
            name="Revenue"
            fill={REVENUE}
            fillOpacity={0.7}
            maxBarSize={32}
            radius={[3, 3, 0, 0]}
          />
          <Area
            yAxisId="visitors"
            type="monotone"
            dataKey="visitors"
            name="Visitors"
            stroke={VISITORS}
            strokeWidth={2}
            fill={VISITORS}
            fillOpacity={0.15}
            isAnimationActive={false}
          />
        </ComposedChart>
      </div>
      <table className="sr-only">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Visitors</th>
            <th scope="col">Revenue</th>
          </tr>
        </thead>
        <tbody>
          {data.map((point) => (
            <tr key={point.timestamp}>
              <th scope="row">{point.name}</th>
              <td>{formatCount(point.visitors)}</td>
              <td>{formatMoney(point.revenue, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
