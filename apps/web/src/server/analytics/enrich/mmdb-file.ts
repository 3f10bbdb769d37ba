// A MaxMind DB (.mmdb) reader that looks addresses up on disk: a 100 MB city database costs a file descriptor, not 100 MB.
import { closeSync, fstatSync, openSync } from "node:fs";
import { parseIp } from "./ip-address";
import { FileBytes, MmdbDecoder, type ReadAt } from "./mmdb-decode";

export type { ReadAt } from "./mmdb-decode";

const METADATA_MARKER = Buffer.from("\xAB\xCD\xEFMaxMind.com", "latin1");
/** The format puts the metadata within the file's last 128 KiB. */
const METADATA_SEARCH_BYTES = 128 * 1024;
const DATA_SECTION_SEPARATOR = 16;
/**
 * Every lookup walks the same top of the tree; caching the first levels below each starting node
 * (the root, and the IPv4 subtree) saves most reads and is bounded by 2 × (2^8 − 1) nodes.
 */
const CACHED_LEVELS = 8;

export interface MmdbMetadata {
  nodeCount: number;
  recordSize: 24 | 28 | 32;
  ipVersion: 4 | 6;
  databaseType: string;
  /** Everything the file declares, as decoded. */
  fields: Record<string, unknown>;
}

function readMetadata(source: FileBytes): MmdbMetadata {
  const length = Math.min(METADATA_SEARCH_BYTES, source.size);
  const tail = Buffer.alloc(length);
  source.readInto(tail, source.size - length);
  const marker = tail.lastIndexOf(METADATA_MARKER);
  if (marker < 0) throw new Error("Not a MaxMind DB file: no metadata marker");
  const start = source.size - length + marker + METADATA_MARKER.length;
  const [fields] = new MmdbDecoder(source, start).decode(start);
  const meta = (fields ?? {}) as Record<string, unknown>;
  const { node_count: nodeCount, record_size: recordSize, ip_version: ipVersion } = meta;
  if (typeof nodeCount !== "number" || nodeCount <= 0) throw new Error("MMDB metadata: bad node_count");
  if (recordSize !== 24 && recordSize !== 28 && recordSize !== 32) throw new Error("MMDB metadata: bad record_size");
  if (ipVersion !== 4 && ipVersion !== 6) throw new Error("MMDB metadata: bad ip_version");
  return { nodeCount, recordSize, ipVersion, databaseType: String(meta.database_type ?? ""), fields: meta };
}

export class MmdbFile {
  readonly metadata: MmdbMetadata;
  private readonly source: FileBytes;
  private readonly decoder: MmdbDecoder;
  private readonly nodeBytes: number;
  private readonly searchTreeSize: number;
  private readonly node = Buffer.alloc(8);
  private readonly nodeCache = new Map<number, readonly [number, number]>();
  private readonly ipv4Start: number;

  private constructor(
    private readonly fd: number,
    readAt?: ReadAt,
  ) {
    this.source = new FileBytes(fd, fstatSync(fd).size, readAt);
    this.metadata = readMetadata(this.source);
    this.nodeBytes = this.metadata.recordSize / 4;
    this.searchTreeSize = this.metadata.nodeCount * this.nodeBytes;
    this.decoder = new MmdbDecoder(this.source, this.searchTreeSize + DATA_SECTION_SEPARATOR);
    this.ipv4Start = this.metadata.ipVersion === 6 ? this.walk(new Uint8Array(12), 96, 0) : 0;
  }

  /** Opens and checks the file; throws when it is missing or not a MaxMind DB. */
  static open(path: string, options: { readAt?: ReadAt } = {}): MmdbFile {
    const fd = openSync(path, "r");
    try {
      return new MmdbFile(fd, options.readAt);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The record for `ip`, or null when the database has none. Throws on text that is not an address. */
  get(ip: string): unknown {
    const address = parseIp(ip);
    if (!address) throw new TypeError(`Not an IP address: ${ip}`);
    if (address.version === 6 && this.metadata.ipVersion === 4) {
      throw new Error("Cannot look up an IPv6 address in an IPv4-only database");
    }
    const bits = address.bytes.length * 8;
    const found = this.walk(address.bytes, bits, address.version === 4 ? this.ipv4Start : 0);
    const { nodeCount } = this.metadata;
    if (found === nodeCount) return null;
    if (found < nodeCount) throw new Error("MMDB search tree ended inside the tree");
    const position = this.searchTreeSize + found - nodeCount;
    return this.decoder.decode(position)[0];
  }

  /** Follows `bits` bits of `bytes` from `start`; returns the record reached (a node number or beyond). */
  private walk(bytes: Uint8Array, bits: number, start: number): number {
    let node = start;
    for (let i = 0; i < bits && node < this.metadata.nodeCount; i++) {
      const bit = ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1;
      node = this.records(node, i < CACHED_LEVELS)[bit] as number;
    }
    return node;
  }

  private records(node: number, cache: boolean): readonly [number, number] {
    const cached = this.nodeCache.get(node);
    if (cached) return cached;
    const b = this.node;
    this.source.readInto(b, node * this.nodeBytes, this.nodeBytes);
    let pair: [number, number];
    if (this.metadata.recordSize === 24) pair = [b.readUIntBE(0, 3), b.readUIntBE(3, 3)];
    else if (this.metadata.recordSize === 28) {
      // The middle byte holds the high nibble of each record.
      const middle = b[3] ?? 0;
      pair = [(middle >> 4) * 2 ** 24 + b.readUIntBE(0, 3), (middle & 0x0f) * 2 ** 24 + b.readUIntBE(4, 3)];
    } else pair = [b.readUInt32BE(0), b.readUInt32BE(4)];
    if (cache) this.nodeCache.set(node, pair);
    return pair;
  }
}
