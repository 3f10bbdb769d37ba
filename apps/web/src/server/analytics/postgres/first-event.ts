// Whether a website has received any event yet: what the dashboard's install panel waits for.
import { rows } from "./sql";

/** One index probe on (websiteId, createdAt), whatever the website's size. */
export async function hasEvents(websiteId: string): Promise<boolean> {
  const found = await rows(`SELECT 1 FROM "AnalyticsEvent" WHERE "websiteId" = $1 LIMIT 1`, [websiteId]);
  return found.length > 0;
}
