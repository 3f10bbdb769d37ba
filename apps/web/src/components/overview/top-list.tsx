"use client";
// One "top" panel (pages, referrers, countries, devices): rows with a bar for their share of
// visitors; clicking a row filters the whole Overview by it.
import type { OverviewRow } from "../../server/services/dashboard/overview";
import { ErrorNote, Skeleton } from "../ui/misc";
import { formatCount } from "./format";

type TopRow = OverviewRow;

export function TopList({
  title,
  rows,
  error,
  onPick,
}: {
  title: string;
  /** undefined while loading. */
  rows: TopRow[] | undefined;
  error: string | null;
  onPick(value: string): void;
}) {
  const headingId = `top-${title.toLowerCase()}`;
  const max = Math.max(1, ...(rows ?? []).map((row) => row.visitors));
  return (
    <section aria-labelledby={headingId} className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <div className="mb-2 flex items-center justify-between text-sm">
        <h2 id={headingId} className="font-medium">
          {title}
        </h2>
        <span className="text-xs text-zinc-600 dark:text-zinc-400" aria-hidden>
          Visitors
        </span>
      </div>
      {error ? (
        <ErrorNote>{error}</ErrorNote>
      ) : rows === undefined ? (
        <div role="status" aria-label={`Loading ${title.toLowerCase()}`} className="space-y-2">
          <Skeleton className="h-7 w-full" />
          <Skeleton className="h-7 w-4/5" />
          <Skeleton className="h-7 w-3/5" />
        </div>
      ) : rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-zinc-600 dark:text-zinc-400">No data for this period</p>
      ) : (
        <ul className="space-y-1">
          {rows.map((row) => (
            <li key={row.id}>
              <button
                type="button"
                disabled={row.filter === null}
                onClick={() => row.filter !== null && onPick(row.filter)}
                className="relative flex w-full items-center justify-between gap-3 overflow-hidden rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-50 disabled:cursor-default dark:hover:bg-zinc-900"
              >
                <span
                  aria-hidden
                  className="absolute inset-y-0 left-0 rounded bg-indigo-100/70 dark:bg-indigo-900/40"
                  style={{ width: `${(row.visitors / max) * 100}%` }}
                />
                <span className="relative flex min-w-0 items-center gap-2">
                  {row.image ? (
                    // biome-ignore lint/performance/noImgElement: a 4 KB SVG flag needs no image optimisation
                    <img src={row.image} alt="" width={16} height={12} className="h-3 w-4 shrink-0" />
                  ) : null}
                  <span className="truncate">{row.label}</span>
                  {row.detail ? (
                    <span className="hidden truncate text-xs text-zinc-500 sm:inline dark:text-zinc-400">
                      {row.detail}
                    </span>
                  ) : null}
                </span>
                <span className="relative tabular-nums">
                  {formatCount(row.visitors)}
                  <span className="sr-only"> visitors</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
