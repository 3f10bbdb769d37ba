// Collection's view of a website, by tracking id: its exclusions and allowed hostnames, cached
// for a few seconds so a busy site costs no extra query per event.
import type { BlockList } from "node:net";
import { database } from "../db";
import { ipList } from "../ip-list";

export interface CollectSite {
  id: string;
  domain: string;
  excludedIps: BlockList;
  excludedPaths: RegExp[];
  excludedCountries: Set<string>;
  excludedHostnames: string[];
  allowedHostnames: string[];
}

/** Settings changes reach collection within this long. */
export const SITE_CACHE_MS = 10_000;
const MAX_ENTRIES = 10_000;
const cache = new Map<string, { site: CollectSite | null; expires: number }>();

/** `/admin/*` → a whole-path pattern. */
export function pathPattern(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

type Row = {
  id: string;
  domain: string;
  excludedIps: string[];
  excludedPaths: string[];
  excludedCountries: string[];
  excludedHostnames: string[];
  allowedHostnames: string[];
};

export async function siteByTrackingId(trackingId: string): Promise<CollectSite | null> {
  const now = Date.now();
  const hit = cache.get(trackingId);
  if (hit && hit.expires > now) return hit.site;
  const { query } = await database();
  const [row] = await query<Row>(
    `SELECT "id", "domain", coalesce("excludedIps", '{}') AS "excludedIps", coalesce("excludedPaths", '{}') AS "excludedPaths",
       coalesce("excludedCountries", '{}') AS "excludedCountries", coalesce("excludedHostnames", '{}') AS "excludedHostnames",
       coalesce("allowedHostnames", '{}') AS "allowedHostnames"
     FROM "Website" WHERE "trackingId" = $1`,
    [trackingId],
  );
  const site = row
    ? {
        id: row.id,
        domain: row.domain,
        excludedIps: ipList(row.excludedIps),
        excludedPaths: row.excludedPaths.map(pathPattern),
        excludedCountries: new Set(row.excludedCountries),
        excludedHostnames: row.excludedHostnames,
        allowedHostnames: row.allowedHostnames,
      }
    : null;
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(trackingId, { site, expires: now + SITE_CACHE_MS });
  return site;
}
