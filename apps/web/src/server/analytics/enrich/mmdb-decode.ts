// The MaxMind DB data-section format, decoded from a file a few hundred bytes at a time.
import { readSync } from "node:fs";

/** `fs.readSync`'s shape; tests pass a wrapper to count what is read. */
export type ReadAt = (fd: number, buffer: Uint8Array, offset: number, length: number, position: number) => number;

/** Data fields sit next to each other (a record's keys and values), so one small window serves most of a record. */
const WINDOW_BYTES = 512;

export class FileBytes {
  private readonly window = Buffer.alloc(WINDOW_BYTES);
  private windowStart = -1;
  private windowLength = 0;

  constructor(
    private readonly fd: number,
    readonly size: number,
    private readonly readAt: ReadAt = readSync,
  ) {}

  /** Fills `target` from `position`; a short read means the file is shorter than its own offsets say. */
  readInto(target: Buffer, position: number, length = target.length): void {
    if (position < 0 || position + length > this.size) throw new Error("MMDB offset outside the file");
    let done = 0;
    while (done < length) {
      const read = this.readAt(this.fd, target, done, length - done, position + done);
      if (read <= 0) throw new Error("MMDB file ended early");
      done += read;
    }
  }

  /** `length` bytes at `position`. The result may share the window: use it before the next call. */
  bytes(position: number, length: number): Buffer {
    if (length > WINDOW_BYTES) {
      const large = Buffer.alloc(length);
      this.readInto(large, position);
      return large;
    }
    const inWindow = position >= this.windowStart && position + length <= this.windowStart + this.windowLength;
    if (!inWindow) {
      this.windowStart = position;
      this.windowLength = Math.min(WINDOW_BYTES, this.size - position);
      if (this.windowLength < length) throw new Error("MMDB offset outside the file");
      this.readInto(this.window, position, this.windowLength);
    }
    const start = position - this.windowStart;
    return this.window.subarray(start, start + length);
  }
}

const POINTER_BIAS = [0, 2048, 526336, 0];
/** Pointers may chain and maps nest; a broken file must fail rather than recurse without end. */
const MAX_NESTING = 64;

/** Decodes values at absolute file positions; pointers are relative to `base` (the section start). */
export class MmdbDecoder {
  constructor(
    private readonly source: FileBytes,
    private readonly base: number,
  ) {}

  /** The value at `position` and the position just after it. */
  decode(position: number, depth = 0): [unknown, number] {
    if (depth > MAX_NESTING) throw new Error("MMDB data nested too deeply");
    const control = this.byte(position++);
    let type = control >> 5;
    if (type === 1) return this.pointer(control, position, depth);
    if (type === 0) {
      type = this.byte(position++) + 7;
      if (type < 8) throw new Error("MMDB invalid extended type");
    }
    const [size, start] = this.size(control, position);
    return this.value(type, size, start, depth);
  }

  private byte(position: number): number {
    return this.source.bytes(position, 1)[0] ?? 0;
  }

  private uint(position: number, length: number): number {
    return length === 0 ? 0 : this.source.bytes(position, length).readUIntBE(0, length);
  }

  private pointer(control: number, position: number, depth: number): [unknown, number] {
    const extra = (control >> 3) & 3;
    const packed =
      extra === 3 ? this.uint(position, 4) : (control & 7) * 2 ** ((extra + 1) * 8) + this.uint(position, extra + 1);
    const [value] = this.decode(this.base + packed + (POINTER_BIAS[extra] ?? 0), depth + 1);
    return [value, position + extra + 1];
  }

  private size(control: number, position: number): [number, number] {
    const small = control & 0x1f;
    if (small < 29) return [small, position];
    if (small === 29) return [29 + this.uint(position, 1), position + 1];
    if (small === 30) return [285 + this.uint(position, 2), position + 2];
    return [65821 + this.uint(position, 3), position + 3];
  }

  private value(type: number, size: number, start: number, depth: number): [unknown, number] {
    const end = start + size;
    switch (type) {
      case 2:
        return [this.source.bytes(start, size).toString("utf8"), end];
      case 3:
        if (size !== 8) throw new Error("MMDB double must be 8 bytes");
        return [this.source.bytes(start, 8).readDoubleBE(0), end];
      case 4:
        return [Buffer.from(this.source.bytes(start, size)), end];
      case 5:
      case 6:
        if (size > (type === 5 ? 2 : 4)) throw new Error("MMDB unsigned integer too long");
        return [this.uint(start, size), end];
      case 7:
        return this.map(size, start, depth);
      case 8:
        if (size > 4) throw new Error("MMDB int32 too long");
        // Shorter int32 fields are zero-padded on the left, so only a full 4 bytes can be negative.
        return [size === 4 ? this.source.bytes(start, 4).readInt32BE(0) : this.uint(start, size), end];
      case 9:
      case 10:
        if (size > (type === 9 ? 8 : 16)) throw new Error("MMDB unsigned integer too long");
        return [this.bigUint(start, size), end];
      case 11:
        return this.array(size, start, depth);
      case 14:
        return [size !== 0, start];
      case 15:
        if (size !== 4) throw new Error("MMDB float must be 4 bytes");
        return [this.source.bytes(start, 4).readFloatBE(0), end];
      default:
        throw new Error(`MMDB unsupported data type ${type}`);
    }
  }

  private bigUint(start: number, size: number): bigint {
    let value = 0n;
    for (const byte of this.source.bytes(start, size)) value = (value << 8n) | BigInt(byte);
    return value;
  }

  private map(size: number, start: number, depth: number): [Record<string, unknown>, number] {
    const map: Record<string, unknown> = {};
    let position = start;
    for (let i = 0; i < size; i++) {
      const [key, afterKey] = this.decode(position, depth + 1);
      const [value, afterValue] = this.decode(afterKey, depth + 1);
      // defineProperty, not assignment: a "__proto__" key in a file must stay a plain field.
      Object.defineProperty(map, String(key), { value, enumerable: true, writable: true, configurable: true });
      position = afterValue;
    }
    return [map, position];
  }

  private array(size: number, start: number, depth: number): [unknown[], number] {
    const array: unknown[] = [];
    let position = start;
    for (let i = 0; i < size; i++) {
      const [value, next] = this.decode(position, depth + 1);
      array.push(value);
      position = next;
    }
    return [array, position];
  }
}
