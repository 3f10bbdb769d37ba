// Lists of IPv4/IPv6 addresses and CIDR ranges (a website's excluded IPs, a credential's allowed IPs),
// checked with node:net's BlockList. IPv4 clients seen through an IPv6 socket (::ffff:203.0.113.9)
// match their IPv4 entries.
import { BlockList, isIPv4, isIPv6 } from "node:net";

/** The list of `entries` (as the contracts accept them: an address, or an address/prefix). */
export function ipList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : null;
    if (!type) continue;
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/** Whether `ip` is in the list; an unknown or unparseable address never is. */
export function inIpList(list: BlockList, ip: string | null | undefined): boolean {
  if (!ip) return false;
  const address = ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  const type = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : null;
  return type !== null && list.check(address, type);
}
