// Where a webhook may be sent (SSRF): only http(s) to public addresses. A host is checked when the
// endpoint is created and again on every connection, through the `lookup` the request uses, so a
// name that later resolves to an internal address (DNS rebinding) is refused at delivery too.
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { BlockList, isIP } from "node:net";
import { AppError } from "@keygate/core";
import { env } from "../../env";

const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network", 0.0.0.0
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local (cloud metadata at 169.254.169.254)
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated, still routed inside some networks)
  ["ff00::", 8], // multicast
  ["100::", 64], // discard-only
  ["64:ff9b:1::", 48], // local-use NAT64
  ["2001::", 32], // Teredo (carries an obfuscated IPv4 address)
] as const) {
  BLOCKED.addSubnet(network, prefix, "ipv6");
}

/**
 * The IPv4 address an IPv6 one carries, else null: IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible
 * `::a.b.c.d`, IPv4-translated `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d` (the last 32 bits) and
 * 6to4 `2002:AABB:CCDD::` (bits 16 to 48). Each reaches that IPv4 address somewhere on the path.
 */
function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const v4 = (high = 0, low = 0) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  const zero = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  if (zero(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) return v4(groups[6], groups[7]);
  if (zero(0, 4) && groups[4] === 0xffff && groups[5] === 0) return v4(groups[6], groups[7]);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return v4(groups[6], groups[7]);
  if (groups[0] === 0x2002) return v4(groups[1], groups[2]);
  return null;
}

/** The eight 16-bit groups of an IPv6 address (with a dotted IPv4 tail or not), or null. */
function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().split("%")[0] ?? "";
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const bytes = dotted[1].split(".").map(Number);
    text = `${text.slice(0, -dotted[1].length)}${(((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0)).toString(16)}:${(((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array(fill).fill("0"), ...right].map((group) => Number.parseInt(group, 16));
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : null;
}

/** True for an address a webhook must not reach: private, loopback, link-local, CGNAT, multicast, reserved. */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, "ipv4");
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  if (v4 !== null) return BLOCKED.check(v4, "ipv4");
  return BLOCKED.check(address, "ipv6");
}

const allowPrivate = () => env.WEBHOOKS_ALLOW_PRIVATE_TARGETS;

export const REFUSED_TARGET =
  "Webhook URLs must point to a public address: private, loopback, link-local and other internal addresses are refused";

/** The host of a URL as a connectable name or address (`[::1]` → `::1`). */
export function hostOf(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/** Refuses (400) a URL whose host is, or resolves to, an address a webhook must not reach. */
export async function assertPublicTarget(raw: string): Promise<void> {
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw AppError.badRequest("Use an http or https URL");
  if (url.username || url.password) throw AppError.badRequest("Webhook URLs must not contain a user name or password");
  if (allowPrivate()) return;
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await resolveAll(host)).map((entry) => entry.address);
    } catch {
      throw AppError.badRequest(`The webhook host ${host} could not be resolved`);
    }
  }
  if (addresses.length === 0 || addresses.some(isBlockedAddress)) throw AppError.badRequest(REFUSED_TARGET);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves the name and refuses the connection when any address
 * is internal, so the socket connects to an address that was checked (no second resolution).
 */
export function checkedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback): void {
  dnsLookup(hostname, { all: true }, (error, addresses) => {
    if (error) return callback(error, "");
    if (!allowPrivate() && (addresses.length === 0 || addresses.some((entry) => isBlockedAddress(entry.address)))) {
      return callback(Object.assign(new Error(REFUSED_TARGET), { code: "EBLOCKED" }), "");
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}
