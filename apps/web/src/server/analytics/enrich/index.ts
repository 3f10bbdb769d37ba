// The enrichment step of event collection: what the request's IP and User-Agent say about the visitor.
import { type Location, loadGeo, lookupLocation } from "./geo";
import { isBot, parseUserAgent, type UserAgentInfo } from "./user-agent";

export type { Location } from "./geo";
export type { UserAgentInfo } from "./user-agent";

export type Enrichment = UserAgentInfo & Location & { isBot: boolean };

export async function enrich({
  ip,
  userAgent,
}: {
  ip: string | null | undefined;
  userAgent: string | null | undefined;
}): Promise<Enrichment> {
  await loadGeo();
  return { ...parseUserAgent(userAgent), ...lookupLocation(ip), isBot: isBot(userAgent) };
}
