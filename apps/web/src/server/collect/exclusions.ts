// Why an event is dropped (acknowledged, not stored): bots, the website's exclusions, and
// hostnames that are not the website's. Loopback and private client addresses are real traffic.
import { inIpList } from "../ip-list";
import type { CollectSite } from "./sites";

const LOCAL_HOSTNAME = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|.+\.localhost|.+\.local)$/;

/** `*.example.com` matches its subdomains; a plain name matches itself. */
export function hostnameMatches(hostname: string, pattern: string): boolean {
  if (pattern.startsWith("*.")) return hostname.endsWith(pattern.slice(1));
  return hostname === pattern;
}

function isOwnHostname(site: CollectSite, hostname: string): boolean {
  const bare = hostname.replace(/^www\./, "");
  return (
    bare === site.domain ||
    bare.endsWith(`.${site.domain}`) ||
    site.allowedHostnames.some((pattern) => hostnameMatches(hostname, pattern)) ||
    LOCAL_HOSTNAME.test(hostname)
  );
}

function ipExcluded(site: CollectSite, ip: string | null): boolean {
  return inIpList(site.excludedIps, ip);
}

export type DropReason =
  | "bot"
  | "excluded_ip"
  | "excluded_path"
  | "excluded_country"
  | "excluded_hostname"
  | "hostname_not_allowed";

export function dropReason(
  site: CollectSite,
  event: { isBot: boolean; ip: string | null; path: string; hostname: string; countryCode: string | null },
): DropReason | null {
  if (event.isBot) return "bot";
  if (ipExcluded(site, event.ip)) return "excluded_ip";
  if (site.excludedPaths.some((pattern) => pattern.test(event.path))) return "excluded_path";
  if (event.countryCode && site.excludedCountries.has(event.countryCode)) return "excluded_country";
  if (site.excludedHostnames.some((pattern) => hostnameMatches(event.hostname, pattern))) return "excluded_hostname";
  if (!isOwnHostname(site, event.hostname)) return "hostname_not_allowed";
  return null;
}
