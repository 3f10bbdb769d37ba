// Reads the Overview's period and filters from URL parameters — on the server to prefetch, and in
// the browser — so both ask for exactly the same data.
import { OVERVIEW_FILTERS, type OverviewFilters, type OverviewRange, overviewRange } from "@keygate/core/contracts";

export const DEFAULT_RANGE: OverviewRange = { period: "30d" };

export function overviewStateFrom(get: (key: string) => string | null | undefined): {
  range: OverviewRange;
  filters: OverviewFilters;
} {
  const parsed = overviewRange.safeParse({
    period: get("period") ?? DEFAULT_RANGE.period,
    from: get("from") ?? undefined,
    to: get("to") ?? undefined,
  });
  const filters: OverviewFilters = {};
  for (const name of OVERVIEW_FILTERS) {
    const value = get(name)?.trim();
    if (value) filters[name] = value.slice(0, 500);
  }
  return { range: parsed.success ? parsed.data : DEFAULT_RANGE, filters };
}
