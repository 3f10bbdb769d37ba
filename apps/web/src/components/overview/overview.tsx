"use client";
// A website's Overview: period, filters, headline numbers, the chart, realtime and the top lists.
// The same component serves members in the dashboard and anyone on a public dashboard.
import { OVERVIEW_DIMENSIONS, type OverviewDimension, type OverviewFilter } from "@keygate/core/contracts";
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";
import { ErrorNote, Skeleton } from "../ui/misc";
import { FilterChips } from "./filter-chips";
import { Headline } from "./headline";
import { PeriodPicker } from "./period-picker";
import { Realtime } from "./realtime";
import { TopList } from "./top-list";
import { useOverviewState } from "./use-overview-state";
import { VisitorsChart } from "./visitors-chart";

/** New events show up without a reload: every query refreshes on this beat while the tab is visible. */
const REFRESH_MS = 15_000;

const PANELS: Record<OverviewDimension, { title: string; filter: OverviewFilter }> = {
  pages: { title: "Pages", filter: "page" },
  referrers: { title: "Referrers", filter: "referrer" },
  countries: { title: "Countries", filter: "country" },
  devices: { title: "Devices", filter: "device" },
};

const INTERVAL_WORDS = { hour: "hour", day: "day", week: "week", month: "month" } as const;

function dayLabel(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

export function Overview({ websiteId, title }: { websiteId: string; title: ReactNode }) {
  const trpc = useTRPC();
  const { range, filters, setRange, addFilter, removeFilter } = useOverviewState();
  const input = { websiteId, range, filters };
  const live = { refetchInterval: REFRESH_MS, placeholderData: keepPreviousData };
  const site = useQuery(trpc.overview.site.queryOptions({ websiteId }));
  const summary = useQuery(trpc.overview.summary.queryOptions(input, live));
  const lists = useQueries({
    queries: OVERVIEW_DIMENSIONS.map((dimension) =>
      trpc.overview.breakdown.queryOptions({ ...input, dimension }, live),
    ),
  });

  if (site.isError) return <ErrorNote>{humanError(site.error)}</ErrorNote>;
  const currency = site.data?.currency ?? "USD";
  const period = summary.data?.period;
  const stale = summary.isPlaceholderData || lists.some((list) => list.isPlaceholderData);
  const labels: Partial<Record<OverviewFilter, string>> = {};
  OVERVIEW_DIMENSIONS.forEach((dimension, index) => {
    const { filter } = PANELS[dimension];
    const row = lists[index]?.data?.rows.find((candidate) => candidate.filter === filters[filter]);
    if (row) labels[filter] = row.label;
  });

  return (
    <div>
      <div className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">{title}</h1>
          <div className="text-sm text-zinc-600 dark:text-zinc-400">
            {period ? (
              <>
                {period.from === period.to
                  ? dayLabel(period.from)
                  : `${dayLabel(period.from)} – ${dayLabel(period.to)}`}
                {site.data ? ` · ${site.data.timezone}` : null}
              </>
            ) : (
              <Skeleton className="h-5 w-48" />
            )}
          </div>
          <Realtime websiteId={websiteId} />
        </div>
        <PeriodPicker range={range} shown={period ?? null} onChange={setRange} />
      </div>
      <FilterChips filters={filters} labels={labels} onRemove={removeFilter} />
      <div aria-busy={stale || undefined} className={`space-y-4 transition-opacity ${stale ? "opacity-60" : ""}`}>
        {summary.isError ? <ErrorNote>{humanError(summary.error)}</ErrorNote> : null}
        <Headline totals={summary.data?.totals} currency={currency} />
        {summary.data && period ? (
          <VisitorsChart
            data={summary.data.series}
            currency={currency}
            caption={`Visitors and revenue by ${INTERVAL_WORDS[period.interval]}`}
          />
        ) : (
          <div role="status" aria-label="Loading the chart">
            <Skeleton className="h-80 w-full" />
          </div>
        )}
        <div className="grid gap-4 md:grid-cols-2">
          {OVERVIEW_DIMENSIONS.map((dimension, index) => {
            const list = lists[index];
            const panel = PANELS[dimension];
            return (
              <TopList
                key={dimension}
                title={panel.title}
                rows={list?.data?.rows}
                error={list?.isError ? humanError(list.error) : null}
                onPick={(value) => addFilter(panel.filter, value)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
