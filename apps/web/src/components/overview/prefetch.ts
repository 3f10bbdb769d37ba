import "server-only";
// Runs the Overview's queries on the server, so the page arrives with its numbers.
import { OVERVIEW_DIMENSIONS } from "@keygate/core/contracts";
import { prefetch, trpc } from "@/trpc/server";
import { overviewStateFrom } from "./state";

export type SearchParams = Record<string, string | string[] | undefined>;

export async function prefetchOverview(websiteId: string, searchParams: SearchParams): Promise<void> {
  const { range, filters } = overviewStateFrom((key) => {
    const value = searchParams[key];
    return Array.isArray(value) ? value[0] : value;
  });
  const input = { websiteId, range, filters };
  await Promise.all([
    prefetch(trpc.overview.site.queryOptions({ websiteId })),
    prefetch(trpc.overview.summary.queryOptions(input)),
    prefetch(trpc.overview.realtime.queryOptions({ websiteId })),
    ...OVERVIEW_DIMENSIONS.map((dimension) => prefetch(trpc.overview.breakdown.queryOptions({ ...input, dimension }))),
  ]);
}
