// Funnel analytics for the website's funnels (defined with the Account API or the dashboard).
import { AppError } from "@keygate/core";
import type { Funnel, funnelAnalyticsQuery } from "@keygate/core/contracts";
import type { z } from "zod";
import { analyticsStore as store } from "../../analytics";
import { db } from "../../db";
import { siteInfo } from "./site";
import { parseFilters, percent, readQuery, resolveWindow, round2 } from "./window";

/** A step's url may be a full URL or a path; events store paths. */
function stepPath(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\//i.test(url)) return url;
  try {
    return decodeURI(new URL(url.replace(/\*/g, "__STAR__")).pathname).replace(/__STAR__/g, "*");
  } catch {
    return url;
  }
}

export async function getFunnelAnalytics({
  websiteId,
  funnelId,
  query,
}: {
  websiteId: string;
  funnelId: string;
  query: z.infer<typeof funnelAnalyticsQuery>;
}) {
  const prisma = await db();
  const funnel = await prisma.funnel.findFirst({
    where: { id: funnelId, websiteId, deletedAt: null },
    select: { id: true, name: true, steps: true },
  });
  if (!funnel) throw AppError.notFound("Funnel not found");
  const steps = funnel.steps as Funnel["steps"];
  const site = await siteInfo(websiteId);
  const window = resolveWindow(query, site);
  const results = await store.funnel(
    readQuery(site, window, parseFilters(query)),
    steps.map((step) => (step.type === "pageview" ? { ...step, url: stepPath(step.url) } : step)),
  );
  const entered = results[0]?.visitors ?? 0;
  return {
    funnelId: funnel.id,
    name: funnel.name,
    steps: steps.map((step, index) => {
      const visitors = results[index]?.visitors ?? 0;
      const previous = index === 0 ? visitors : (results[index - 1]?.visitors ?? 0);
      return {
        name: step.name,
        type: step.type,
        ...(step.type === "goal" ? { goalName: step.goalName } : { url: step.url }),
        visitors,
        dropoff: previous - visitors,
        dropoffRate: percent(previous - visitors, previous),
        conversionRate: percent(visitors, entered),
        revenue: round2(results[index]?.revenue ?? 0),
      };
    }),
    conversionRate: percent(results.at(-1)?.visitors ?? 0, entered),
  };
}
