// IP address text → bytes, and the ranges that never locate a visitor (private, loopback, link-local…).
import { BlockList, isIP } from "node:net";

export interface IpAddress {
  version: 4 | 6;
  bytes: Uint8Array;
}

/** `[::1]` and zone ids (`fe80::1%eth0`) come from socket and proxy headers; neither is part of the address. */
function bare(input: string): string {
  return input
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/%.*$/, "");
}

function ipv6Groups(text: string): string[] {
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes the two hex groups it stands for.
  const withoutDots = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [(Number(a) << 8) | Number(b), (Number(c) << 8) | Number(d)].map((group) => group.toString(16)).join(":"),
  );
  const [head = "", tail] = withoutDots.split("::");
  if (tail === undefined) return head.split(":");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
}

/** The address's bytes (4 or 16), or null when the text is not an address. */
export function parseIp(input: string): IpAddress | null {
  const text = bare(input);
  const version = isIP(text);
  if (version === 4) return { version, bytes: Uint8Array.from(text.split(".").map(Number)) };
  if (version !== 6) return null;
  const bytes = new Uint8Array(16);
  ipv6Groups(text).forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return { version, bytes };
}

/** `::ffff:a.b.c.d` is how dual-stack sockets report IPv4 clients; the databases file them under IPv4. */
export function unmapIpv4(address: IpAddress): IpAddress {
  const { bytes } = address;
  const mapped = address.version === 6 && bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff;
  return mapped && bytes[11] === 0xff ? { version: 4, bytes: bytes.slice(12) } : address;
}

export function formatIp(address: IpAddress): string {
  if (address.version === 4) return address.bytes.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push(((address.bytes[i] ?? 0) * 256 + (address.bytes[i + 1] ?? 0)).toString(16));
  return groups.join(":");
}

const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 3], // multicast and reserved, up to 255.255.255.255
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 127], // unspecified and loopback
  ["fc00::", 7], // unique local
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** True for addresses no database can place: private networks, loopback, link-local, multicast, documentation. */
export function isNonPublic(address: IpAddress): boolean {
  return NOT_PUBLIC.check(formatIp(address), address.version === 4 ? "ipv4" : "ipv6");
}
