// Event enrichment: User-Agent and bots, IP geolocation and the on-disk MMDB reader, referrer sources, countries.
import { mkdtempSync, readFileSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Reader } from "mmdb-lib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { countryCodeOf, countryName, flagPath, flagSvg } from "../src/server/analytics/enrich/countries";
import {
  countryDbPath,
  type GeoReaders,
  lookupLocationWith,
  openCityDb,
  openCountryDb,
  type RecordSource,
} from "../src/server/analytics/enrich/geo";
import { enrich } from "../src/server/analytics/enrich/index";
import { MmdbFile, type ReadAt } from "../src/server/analytics/enrich/mmdb-file";
import { normalizeReferrerFilter, referrerSource } from "../src/server/analytics/enrich/referrer";
import { isBot, parseUserAgent } from "../src/server/analytics/enrich/user-agent";

const UA = {
  chromeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
  ipad: "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
  androidChrome:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
  samsung:
    "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  firefoxLinux: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  edge: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
  opera:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0",
  chromebook:
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  instagram:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 327.0.3.31.91 (iPhone15,2; iOS 17_4; en_US; en; scale=3.00; 1179x2556; 589181219)",
  facebookAndroid:
    "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/121.0.6167.178 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/450.0.0.42.108;]",
  twitter:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.3",
  linkedin:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.7021",
  googlebot: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  headless:
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
  phantom: "Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1",
  lighthouse:
    "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse",
};

describe("parseUserAgent", () => {
  it.each([
    ["desktop Chrome on Windows", UA.chromeWindows, ["Chrome", "124.0.0.0", "Windows", "10", "desktop"]],
    ["Safari on macOS", UA.safariMac, ["Safari", "17.4.1", "Mac OS", "10.15.7", "desktop"]],
    ["Safari on iPhone", UA.iphone, ["Mobile Safari", "17.4.1", "iOS", "17.4.1", "mobile"]],
    ["Safari on iPad", UA.ipad, ["Mobile Safari", "16.6", "iOS", "16.6", "tablet"]],
    ["Chrome on Android", UA.androidChrome, ["Chrome", "124.0.6367.82", "Android", "14", "mobile"]],
    ["Samsung Internet", UA.samsung, ["Samsung Internet", "24.0", "Android", "13", "mobile"]],
    ["Firefox on Linux", UA.firefoxLinux, ["Firefox", "125.0", "Linux", null, "desktop"]],
    ["Edge", UA.edge, ["Edge", "124.0.2478.67", "Windows", "10", "desktop"]],
    ["Opera", UA.opera, ["Opera", "109.0.0.0", "Windows", "10", "desktop"]],
    ["Chrome on a Chromebook", UA.chromebook, ["Chrome", "124.0.0.0", "Chrome OS", null, "desktop"]],
    ["Instagram in-app", UA.instagram, ["Instagram", "327.0.3.31.91", "iOS", "17.4", "mobile"]],
    ["Facebook in-app on Android", UA.facebookAndroid, ["Facebook", "450.0.0.42.108", "Android", "13", "mobile"]],
    ["Twitter in-app", UA.twitter, ["Twitter", "10.3", "iOS", "16.5", "mobile"]],
    ["LinkedIn in-app", UA.linkedin, ["LinkedIn", "9.29.7021", "iOS", "17.1.2", "mobile"]],
  ])("%s", (_, ua, [browser, browserVersion, os, osVersion, device]) => {
    expect(parseUserAgent(ua)).toMatchObject({ browser, browserVersion, os, osVersion, device });
  });

  it("reports the vendor and model bowser knows", () => {
    expect(parseUserAgent(UA.iphone)).toMatchObject({ vendor: "Apple", model: "iPhone" });
    expect(parseUserAgent(UA.chromeWindows)).toMatchObject({ vendor: null, model: null });
  });

  it("answers nulls and desktop for a missing or empty UA", () => {
    const unknown = { browser: null, browserVersion: null, os: null, osVersion: null, device: "desktop" };
    expect(parseUserAgent(undefined)).toMatchObject(unknown);
    expect(parseUserAgent("")).toMatchObject(unknown);
  });

  it("hands out copies, so a caller's change does not reach the cache", () => {
    const first = parseUserAgent(UA.safariMac);
    first.browser = "changed";
    expect(parseUserAgent(UA.safariMac).browser).toBe("Safari");
  });
});

describe("isBot", () => {
  it.each([
    ["Googlebot", UA.googlebot, true],
    ["HeadlessChrome", UA.headless, true],
    ["PhantomJS", UA.phantom, true],
    ["Lighthouse", UA.lighthouse, true],
    ["curl", "curl/8.5.0", true],
    ["an empty UA", "", true],
    ["a blank UA", "   ", true],
    ["a missing UA", undefined, true],
    ["Chrome on Windows", UA.chromeWindows, false],
    ["Safari on iPhone", UA.iphone, false],
    ["Instagram in-app", UA.instagram, false],
  ])("%s → %s", (_, ua, expected) => {
    expect(isBot(ua)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// A minimal MMDB writer, so the on-disk reader is checked on every record size, both IP versions
// and every data type against mmdb-lib, and geo lookups get a city-shaped database.

class Typed {
  constructor(
    readonly type: "u16" | "u32" | "i32" | "u64" | "u128" | "f64" | "f32",
    readonly value: number | bigint,
  ) {}
}
class Pointer {
  constructor(
    readonly to: number,
    readonly forceLongest = false,
  ) {}
}
type Cell = string | boolean | Buffer | Typed | Pointer | Cell[] | { [key: string]: Cell };

function bigEndian(value: number | bigint, length: number): number[] {
  const bytes: number[] = [];
  let rest = BigInt(value);
  for (let i = 0; i < length; i++) {
    bytes.unshift(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return bytes;
}

function minimalBytes(value: number | bigint): number[] {
  const bytes = bigEndian(value, 16);
  while (bytes.length > 0 && bytes[0] === 0) bytes.shift();
  return bytes;
}

function header(type: number, size: number): number[] {
  // Sizes from 29 on spill into 1, 2 or 3 following bytes, each band starting where the last ended.
  const [marker, extra] =
    size < 29
      ? [size, []]
      : size < 285
        ? [29, bigEndian(size - 29, 1)]
        : size < 65821
          ? [30, bigEndian(size - 285, 2)]
          : [31, bigEndian(size - 65821, 3)];
  const control = type <= 7 ? [(type << 5) | marker] : [marker, type - 7];
  return [...control, ...extra];
}

function encodePointer({ to, forceLongest }: Pointer): number[] {
  if (forceLongest) return [0x20 | (3 << 3), ...bigEndian(to, 4)];
  if (to < 2048) return [0x20 | (to >> 8), to & 0xff];
  if (to < 526336) return [0x20 | (1 << 3) | ((to - 2048) >> 16), ...bigEndian((to - 2048) & 0xffff, 2)];
  return [0x20 | (2 << 3) | ((to - 526336) >> 24), ...bigEndian((to - 526336) & 0xffffff, 3)];
}

function encode(cell: Cell): Buffer {
  if (typeof cell === "string")
    return Buffer.concat([Buffer.from(header(2, Buffer.byteLength(cell))), Buffer.from(cell)]);
  if (typeof cell === "boolean") return Buffer.from(header(14, cell ? 1 : 0));
  if (Buffer.isBuffer(cell)) return Buffer.concat([Buffer.from(header(4, cell.length)), cell]);
  if (cell instanceof Pointer) return Buffer.from(encodePointer(cell));
  if (cell instanceof Typed) {
    const { type, value } = cell;
    const fixed = { f64: [3, 8], f32: [15, 4] } as const;
    if (type === "f64" || type === "f32") {
      const bytes = Buffer.alloc(fixed[type][1]);
      if (type === "f64") bytes.writeDoubleBE(Number(value));
      else bytes.writeFloatBE(Number(value));
      return Buffer.concat([Buffer.from(header(fixed[type][0], bytes.length)), bytes]);
    }
    const bytes = type === "i32" && Number(value) < 0 ? bigEndian(Number(value) >>> 0, 4) : minimalBytes(value);
    const code = { u16: 5, u32: 6, i32: 8, u64: 9, u128: 10 }[type];
    return Buffer.from([...header(code, bytes.length), ...bytes]);
  }
  if (Array.isArray(cell)) return Buffer.concat([Buffer.from(header(11, cell.length)), ...cell.map(encode)]);
  const entries = Object.entries(cell);
  return Buffer.concat([
    Buffer.from(header(7, entries.length)),
    ...entries.flatMap(([k, v]) => [encode(k), encode(v)]),
  ]);
}

interface TrieNode {
  children: [TrieNode | number | null, TrieNode | number | null];
}

function bitOf(bytes: Uint8Array, i: number): 0 | 1 {
  return (((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1) as 0 | 1;
}

/** Writes an .mmdb: `networks` are [address, prefix length, data] with IPv4 networks placed at ::/96 in IPv6 trees. */
function writeMmdb(
  path: string,
  { recordSize, ipVersion, bigData }: { recordSize: 24 | 28 | 32; ipVersion: 4 | 6; bigData: boolean },
): void {
  const chunks: Buffer[] = [];
  let length = 0;
  const put = (cell: Cell) => {
    const offset = length;
    const bytes = encode(cell);
    chunks.push(bytes);
    length += bytes.length;
    return offset;
  };
  // Shared values behind pointers of each size (11, 19 and 27 bits, and the 32-bit form).
  const colorado = put("Colorado");
  put(Buffer.alloc(3000));
  const denver = put("Denver");
  put(Buffer.alloc(530_000));
  const berlin = put({ names: { en: "Berlin", de: "Berlin" } });
  // Beyond 2^24 bytes, 28- and 32-bit records need their high bits.
  if (bigData) for (let i = 0; i < 2; i++) put(Buffer.alloc(9_000_000));
  const us = put({
    city: { geoname_id: new Typed("u32", 5419384), names: { en: new Pointer(denver) } },
    country: { iso_code: "US", names: { en: "United States" } },
    subdivisions: [{ iso_code: "CO", names: { en: new Pointer(colorado) } }],
    location: { latitude: new Typed("f64", 39.7392), longitude: new Typed("f64", -104.9903) },
    types: {
      u16: new Typed("u16", 65535),
      u32: new Typed("u32", 4_000_000_000),
      zero: new Typed("u32", 0),
      negative: new Typed("i32", -5),
      positive: new Typed("i32", 300),
      u64: new Typed("u64", 2n ** 40n + 7n),
      u128: new Typed("u128", 2n ** 100n + 1n),
      f32: new Typed("f32", 1.5),
      yes: true,
      no: false,
      raw: Buffer.from([1, 2, 3]),
      empty: "",
      accents: "Zürich – Ålesund",
      medium: "m".repeat(300),
      list: [new Typed("u32", 1), "two", [], {}],
      longest: new Pointer(colorado, true),
    },
  });
  const de = put({
    city: new Pointer(berlin),
    country: { iso_code: "DE" },
    subdivisions: [{ iso_code: "BE" }],
    long: "y".repeat(70_000),
  });
  const au = put({ country: { iso_code: "AU" } });
  const v4 = (text: string) => Uint8Array.from(text.split(".").map(Number));
  const networks: [Uint8Array, number, number][] = [
    [v4("8.8.8.0"), 24, us],
    [v4("80.128.0.0"), 16, de],
    [v4("1.1.1.0"), 24, au],
  ];
  const root: TrieNode = { children: [null, null] };
  const insert = (bytes: Uint8Array, prefix: number, data: number) => {
    let node = root;
    for (let i = 0; i < prefix - 1; i++) {
      const bit = bitOf(bytes, i);
      let child = node.children[bit];
      if (child === null || typeof child === "number") node.children[bit] = child = { children: [null, null] };
      node = child;
    }
    node.children[bitOf(bytes, prefix - 1)] = data;
  };
  for (const [bytes, prefix, data] of networks) {
    if (ipVersion === 4) insert(bytes, prefix, data);
    else insert(Uint8Array.from([...new Uint8Array(12), ...bytes]), prefix + 96, data);
  }
  if (ipVersion === 6) insert(Uint8Array.from([0x20, 0x03, ...new Uint8Array(14)]), 19, de);

  const nodes: TrieNode[] = [root];
  for (let i = 0; i < nodes.length; i++) {
    for (const child of nodes[i]?.children ?? []) if (child !== null && typeof child === "object") nodes.push(child);
  }
  const nodeCount = nodes.length;
  const recordValue = (child: TrieNode | number | null) =>
    child === null ? nodeCount : typeof child === "number" ? nodeCount + 16 + child : nodes.indexOf(child);
  const tree = nodes.flatMap(({ children }) => {
    const [left, right] = children.map(recordValue) as [number, number];
    if (recordSize === 24) return [...bigEndian(left, 3), ...bigEndian(right, 3)];
    if (recordSize === 32) return [...bigEndian(left, 4), ...bigEndian(right, 4)];
    const middle = ((left >>> 24) << 4) | (right >>> 24);
    return [...bigEndian(left & 0xffffff, 3), middle, ...bigEndian(right & 0xffffff, 3)];
  });
  const metadata = encode({
    node_count: new Typed("u32", nodeCount),
    record_size: new Typed("u16", recordSize),
    ip_version: new Typed("u16", ipVersion),
    database_type: "Test-City",
    languages: ["en"],
    binary_format_major_version: new Typed("u16", 2),
    binary_format_minor_version: new Typed("u16", 0),
    build_epoch: new Typed("u64", 1_700_000_000n),
    description: { en: "enrich.test.ts" },
  });
  const marker = Buffer.from("\xAB\xCD\xEFMaxMind.com", "latin1");
  writeFileSync(path, Buffer.concat([Buffer.from(tree), Buffer.alloc(16), ...chunks, marker, metadata]));
}

/** A readSync that counts: bytes read after opening show lookups stay off the bulk of the file. */
function countingReads() {
  const stats = { bytes: 0, largest: 0 };
  const readAt: ReadAt = (fd, buffer, offset, length, position) => {
    stats.bytes += length;
    stats.largest = Math.max(stats.largest, length);
    return readSync(fd, buffer, offset, length, position);
  };
  return { stats, readAt, reset: () => Object.assign(stats, { bytes: 0, largest: 0 }) };
}

/** Deterministic addresses (xorshift32), so a failure names the same address on every run. */
function addresses(seed: number) {
  let state = seed;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  // IPv6 prefixes that are allocated, so most addresses have a country.
  const v6Prefixes = [0x2001, 0x2003, 0x2400, 0x2403, 0x2600, 0x2604, 0x2800, 0x2a00, 0x2a01, 0x2a02, 0x2c0f];
  const ipv4 = () => [next() >>> 24, next() & 255, next() & 255, next() & 255].join(".");
  const ipv6 = () => {
    const groups = [v6Prefixes[next() % v6Prefixes.length] ?? 0x2001];
    for (let i = 1; i < 8; i++) groups.push(next() & 0xffff);
    return groups.map((group) => group.toString(16)).join(":");
  };
  return { ipv4, ipv6 };
}

const dir = mkdtempSync(join(tmpdir(), "keygate-enrich-"));
let countryReader: RecordSource;

beforeAll(async () => {
  countryReader = await openCountryDb();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("MmdbFile (on-disk reader)", () => {
  const countryFile = countryDbPath();

  it("finds the same records as mmdb-lib in the DB-IP country database, reading a sliver of the file", () => {
    const inMemory = new Reader(readFileSync(countryFile));
    const reads = countingReads();
    const file = MmdbFile.open(countryFile, { readAt: reads.readAt });
    expect(file.metadata).toMatchObject({ recordSize: 24, ipVersion: 6, nodeCount: inMemory.metadata.nodeCount });
    // Opening reads the metadata from the last 128 KiB and nothing much else.
    expect(reads.stats.largest).toBeLessThanOrEqual(128 * 1024);
    reads.reset();

    const { ipv4, ipv6 } = addresses(0x5eed);
    const edges = ["0.0.0.0", "255.255.255.255", "1.0.0.0", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"];
    const ips = [...edges, ...Array.from({ length: 300 }, ipv4), ...Array.from({ length: 300 }, ipv6)];
    let found = 0;
    for (const ip of ips) {
      const expected = inMemory.get(ip);
      expect(file.get(ip), ip).toEqual(expected);
      if (expected) found++;
    }
    // Most of them must have a country, or the comparison would prove little.
    expect(found).toBeGreaterThan(400);
    const size = readFileSync(countryFile).length;
    expect(reads.stats.largest).toBeLessThanOrEqual(4096);
    expect(reads.stats.bytes).toBeLessThan(size / 10);
    file.close();
  });

  it("leaves IPv4-mapped IPv6 addresses to the caller, as mmdb-lib does", () => {
    const file = MmdbFile.open(countryFile);
    expect(file.get("::ffff:8.8.8.8")).toBeNull();
    expect(file.get("8.8.8.8")).toEqual({ country_code: "US" });
    expect(() => file.get("not an ip")).toThrow(TypeError);
    file.close();
  });

  for (const recordSize of [24, 28, 32] as const) {
    for (const ipVersion of [4, 6] as const) {
      it(`decodes every data type like mmdb-lib: ${recordSize}-bit records, IPv${ipVersion} tree`, () => {
        const path = join(dir, `test-${recordSize}-${ipVersion}.mmdb`);
        writeMmdb(path, { recordSize, ipVersion, bigData: recordSize !== 24 });
        const inMemory = new Reader(readFileSync(path));
        const reads = countingReads();
        const file = MmdbFile.open(path, { readAt: reads.readAt });
        reads.reset();
        const ips = ["8.8.8.8", "8.8.8.255", "8.8.9.1", "80.128.200.1", "1.1.1.1", "0.0.0.0", "255.255.255.255"];
        if (ipVersion === 6) ips.push("2003::1", "2003:1fff:ffff::1", "2004::1", "::1", "::8.8.8.8");
        for (const ip of ips) expect(file.get(ip), ip).toEqual(inMemory.get(ip));

        // Checked by value too, so a writer mistake that both readers share cannot hide.
        expect(file.get("8.8.8.8")).toMatchObject({
          city: { geoname_id: 5419384, names: { en: "Denver" } },
          subdivisions: [{ iso_code: "CO", names: { en: "Colorado" } }],
          location: { latitude: 39.7392, longitude: -104.9903 },
          types: {
            u16: 65535,
            u32: 4_000_000_000,
            zero: 0,
            negative: -5,
            positive: 300,
            u64: 2n ** 40n + 7n,
            u128: 2n ** 100n + 1n,
            f32: 1.5,
            yes: true,
            no: false,
            raw: Buffer.from([1, 2, 3]),
            empty: "",
            accents: "Zürich – Ålesund",
            medium: "m".repeat(300),
            list: [1, "two", [], {}],
            longest: "Colorado",
          },
        });
        expect(file.get("80.128.0.1")).toMatchObject({ city: { names: { en: "Berlin" } }, long: "y".repeat(70_000) });
        if (ipVersion === 4) expect(() => file.get("2003::1")).toThrow(/IPv4-only/);
        // Only what a lookup needs is read: the 70 KB string when asked for, never the 18 MB of padding.
        expect(reads.stats.bytes).toBeLessThan(1_000_000);
        reads.reset();
        file.get("8.8.8.8");
        expect(reads.stats.bytes).toBeLessThan(4096);
        file.close();
      });
    }
  }

  it("refuses a file that is not a MaxMind DB", () => {
    const path = join(dir, "broken.mmdb");
    writeFileSync(path, Buffer.alloc(4096, 7));
    expect(() => MmdbFile.open(path)).toThrow(/metadata/);
  });
});

describe("lookupLocationWith", () => {
  const countryOnly = (): GeoReaders => ({ country: countryReader, city: null });

  // Countries of addresses whose operators are stable. 1.1.1.1 is Cloudflare's anycast resolver:
  // APNIC (Brisbane) holds 1.1.1.0/24 and lends it to Cloudflare, and DB-IP files it under AU.
  it.each([
    ["8.8.8.8", "US"], // Google Public DNS
    ["9.9.9.9", "US"], // Quad9, IBM's 9.0.0.0/8
    ["1.1.1.1", "AU"],
    ["80.128.0.1", "DE"], // Deutsche Telekom dial-up pool (80.128.0.0/11)
    ["193.0.6.139", "NL"], // RIPE NCC, Amsterdam
    ["2003::1", "DE"], // Deutsche Telekom's IPv6 block (2003::/19)
    ["::ffff:80.128.0.1", "DE"], // IPv4-mapped: looked up as IPv4
    ["::ffff:8.8.8.8", "US"],
  ])("%s → %s", (ip, countryCode) => {
    expect(lookupLocationWith(countryOnly(), ip)).toEqual({ countryCode, region: null, city: null });
  });

  it.each([
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "127.0.0.1",
    "169.254.10.10",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fd12:3456::1",
    "::ffff:192.168.0.1",
    "[::1]",
    "not an ip",
    "999.1.1.1",
    "1.2.3",
    "8.8.8.8.8",
    "",
    null,
    undefined,
  ])("%s → nowhere", (ip) => {
    expect(lookupLocationWith(countryOnly(), ip)).toEqual({ countryCode: null, region: null, city: null });
  });

  describe("with a city database", () => {
    let city: MmdbFile;
    beforeAll(() => {
      const path = join(dir, "city.mmdb");
      writeMmdb(path, { recordSize: 24, ipVersion: 6, bigData: false });
      city = MmdbFile.open(path);
    });
    afterAll(() => city.close());

    it.each([
      ["8.8.8.8", { countryCode: "US", region: "US-CO", city: "Denver" }],
      ["::ffff:8.8.8.8", { countryCode: "US", region: "US-CO", city: "Denver" }],
      ["80.128.0.1", { countryCode: "DE", region: "DE-BE", city: "Berlin" }],
      ["1.1.1.1", { countryCode: "AU", region: null, city: null }],
      ["9.9.9.9", { countryCode: "US", region: null, city: null }],
    ])("%s → %o", (ip, location) => {
      expect(lookupLocationWith({ country: countryReader, city }, ip)).toEqual(location);
    });

    it("takes the country from the city database when the country database has none", () => {
      expect(lookupLocationWith({ country: null, city }, "8.8.8.8")).toEqual({
        countryCode: "US",
        region: "US-CO",
        city: "Denver",
      });
    });
  });

  it("falls back to the country, with one warning, when the city database is missing or broken", () => {
    // Log lines go to stdout through pino: count the warnings among them.
    const written = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const warnings = {
      lines: () => written.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('"level":"warn"')),
    };
    try {
      expect(openCityDb(join(dir, "missing.mmdb"))).toBeNull();
      writeFileSync(join(dir, "garbage.mmdb"), "not a database");
      expect(openCityDb(join(dir, "garbage.mmdb"))).toBeNull();
      expect(warnings.lines()).toHaveLength(2);
      expect(JSON.parse(warnings.lines()[0] as string)).toMatchObject({ level: "warn" });

      written.mockClear();
      const failing: RecordSource = {
        get() {
          throw new Error("file truncated");
        },
      };
      const readers = { country: countryReader, city: failing };
      expect(lookupLocationWith(readers, "8.8.8.8")).toEqual({ countryCode: "US", region: null, city: null });
      expect(lookupLocationWith(readers, "80.128.0.1")).toEqual({ countryCode: "DE", region: null, city: null });
      expect(warnings.lines()).toHaveLength(1);
    } finally {
      written.mockRestore();
    }
  });
});

describe("enrich", () => {
  it("combines the User-Agent and the location", async () => {
    expect(await enrich({ ip: "8.8.8.8", userAgent: UA.iphone })).toEqual({
      browser: "Mobile Safari",
      browserVersion: "17.4.1",
      os: "iOS",
      osVersion: "17.4.1",
      device: "mobile",
      vendor: "Apple",
      model: "iPhone",
      countryCode: "US",
      region: null,
      city: null,
      isBot: false,
    });
    expect(await enrich({ ip: "10.0.0.1", userAgent: UA.googlebot })).toMatchObject({ isBot: true, countryCode: null });
  });
});

describe("referrerSource", () => {
  it.each([
    [null, "example.com", null, "Direct/None"],
    ["", "example.com", null, "Direct/None"],
    ["not a url", "example.com", null, "Direct/None"],
    ["android-app://com.google.android.gm/", "example.com", null, "Direct/None"],
    ["https://example.com/pricing", "example.com", null, "Direct/None"],
    ["https://www.example.com/", "example.com", null, "Direct/None"],
    ["https://example.com/", "www.example.com", null, "Direct/None"],
    ["https://www.google.com/", "example.com", "google.com", "Google"],
    ["https://www.google.co.uk/search?q=x", "example.com", "google.co.uk", "Google"],
    ["https://google.de/", null, "google.de", "Google"],
    ["https://www.google.com.br/", "example.com", "google.com.br", "Google"],
    ["https://notgoogle.com/", "example.com", "notgoogle.com", "notgoogle.com"],
    ["https://www.bing.com/search?q=x", "example.com", "bing.com", "Bing"],
    ["https://duckduckgo.com/", "example.com", "duckduckgo.com", "DuckDuckGo"],
    ["https://search.yahoo.com/", "example.com", "search.yahoo.com", "Yahoo"],
    ["https://www.baidu.com/", "example.com", "baidu.com", "Baidu"],
    ["https://yandex.ru/", "example.com", "yandex.ru", "Yandex"],
    ["https://www.ecosia.org/", "example.com", "ecosia.org", "Ecosia"],
    ["https://t.co/abc", "example.com", "t.co", "X"],
    ["https://twitter.com/someone", "example.com", "twitter.com", "X"],
    ["https://x.com/someone", "example.com", "x.com", "X"],
    ["https://m.facebook.com/", "example.com", "m.facebook.com", "Facebook"],
    ["https://l.facebook.com/l.php?u=x", "example.com", "l.facebook.com", "Facebook"],
    ["https://fb.com/", "example.com", "fb.com", "Facebook"],
    ["https://l.instagram.com/", "example.com", "l.instagram.com", "Instagram"],
    ["https://www.linkedin.com/feed/", "example.com", "linkedin.com", "LinkedIn"],
    ["https://lnkd.in/abc", "example.com", "lnkd.in", "LinkedIn"],
    ["https://old.reddit.com/r/x", "example.com", "old.reddit.com", "Reddit"],
    ["https://www.youtube.com/watch?v=1", "example.com", "youtube.com", "YouTube"],
    ["https://github.com/org/repo", "example.com", "github.com", "GitHub"],
    ["https://news.ycombinator.com/item?id=1", "example.com", "news.ycombinator.com", "Hacker News"],
    ["https://ycombinator.com/", "example.com", "ycombinator.com", "ycombinator.com"],
    ["https://www.producthunt.com/posts/x", "example.com", "producthunt.com", "Product Hunt"],
    ["https://chatgpt.com/", "example.com", "chatgpt.com", "ChatGPT"],
    ["https://chat.openai.com/", "example.com", "chat.openai.com", "ChatGPT"],
    ["https://www.perplexity.ai/", "example.com", "perplexity.ai", "Perplexity"],
    ["https://claude.ai/", "example.com", "claude.ai", "Claude"],
    ["https://www.pinterest.com/pin/1", "example.com", "pinterest.com", "Pinterest"],
    ["https://www.tiktok.com/@x", "example.com", "tiktok.com", "TikTok"],
    ["https://Blog.Example.ORG/post", "example.com", "blog.example.org", "blog.example.org"],
    ["http://www.someblog.net/", "example.com", "someblog.net", "someblog.net"],
  ])("%s on %s → %s, %s", (referrer, page, domain, name) => {
    expect(referrerSource(referrer, page)).toEqual({ domain, name });
  });
});

describe("normalizeReferrerFilter", () => {
  it.each([
    ["google", "Google"],
    ["GOOGLE", "Google"],
    ["x", "X"],
    ["direct/none", "Direct/None"],
    ["Direct/None", "Direct/None"],
    ["hacker news", "Hacker News"],
    ["www.google.com", "Google"],
    ["google.co.uk", "Google"],
    ["t.co", "X"],
    ["https://www.reddit.com/r/x", "Reddit"],
    ["www.someblog.net", "someblog.net"],
    ["SomeBlog.net", "someblog.net"],
  ])("%s → %s", (value, stored) => {
    expect(normalizeReferrerFilter(value)).toBe(stored);
  });
});

describe("countries", () => {
  it.each([
    ["US", "United States of America"],
    ["de", "Germany"],
    ["GB", "United Kingdom"],
    ["JP", "Japan"],
  ])("countryName(%s) → %s", (code, name) => {
    expect(countryName(code)).toBe(name);
  });

  it.each([
    ["US", "US"],
    ["us", "US"],
    ["United States of America", "US"],
    ["united states", "US"],
    ["germany", "DE"],
    ["GERMANY", "DE"],
    ["uk", "GB"],
    ["United Kingdom", "GB"],
    ["Bosnia and Herzegovina", "BA"],
    ["Bosnia & Herzegovina", "BA"],
    ["Cote d'Ivoire", "CI"],
    ["Türkiye", "TR"],
    ["Turkey", "TR"],
    ["Saint Lucia", "LC"],
    ["Myanmar", "MM"],
    ["EU", null],
    ["ZZ", null],
    ["Atlantis", null],
    ["", null],
  ])("countryCodeOf(%s) → %s", (input, code) => {
    expect(countryCodeOf(input)).toBe(code);
  });

  it("points at flag images by lowercase code", () => {
    expect(flagPath("US")).toBe("/flags/us.svg");
    expect(flagPath("de")).toBe("/flags/de.svg");
    expect(flagPath("../x")).toBeNull();
  });

  it("serves flag SVGs from country-flag-icons, and nothing else", () => {
    expect(flagSvg("US")).toMatch(/^<svg[^>]*viewBox="0 0 513 342"/);
    expect(flagSvg("fr")).toBe(flagSvg("FR"));
    expect(flagSvg("QQ")).toBeNull();
    for (const probe of ["..", "../package", "US/../US", "U", "USA", "ﬀ"]) expect(flagSvg(probe)).toBeNull();
  });
});
