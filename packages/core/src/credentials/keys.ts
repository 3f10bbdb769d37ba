// Raw key format: `<prefix><30 random base62><6 base62 CRC-32 of everything before it>`.
// 30 base62 characters carry 178 bits; the checksum lets us reject typos and truncated keys
// without a database round trip, and lets secret scanners recognise our keys.

import { createHash } from "node:crypto";
import { randomBase62, toBase62 } from "./base62";
import { crc32 } from "./crc32";

export const KEY_PREFIX = { apiKey: "df_", accessToken: "dft_" } as const;
export type KeyKind = keyof typeof KEY_PREFIX;

const BODY_LENGTH = 30;
const CHECKSUM_LENGTH = 6;
const KEY_PATTERN = /^(dft?)_([0-9A-Za-z]{36})$/;

function checksum(withoutChecksum: string): string {
  return toBase62(crc32(withoutChecksum), CHECKSUM_LENGTH);
}

/** A fresh raw key. It must only ever leave the server in the response that creates or rolls it. */
export function generateKey(kind: KeyKind): string {
  const head = KEY_PREFIX[kind] + randomBase62(BODY_LENGTH);
  return head + checksum(head);
}

/** The kind of a well-formed raw key, or null when its shape or checksum is wrong. */
export function parseKey(raw: string): KeyKind | null {
  const match = KEY_PATTERN.exec(raw);
  if (!match) return null;
  const head = raw.slice(0, raw.length - CHECKSUM_LENGTH);
  if (checksum(head) !== raw.slice(-CHECKSUM_LENGTH)) return null;
  return match[1] === "dft" ? "accessToken" : "apiKey";
}

/** What the dashboard and API show instead of the key: `df_ab12...xyz9`. */
export function displayKey(raw: string): string {
  const prefixEnd = raw.indexOf("_") + 1;
  return `${raw.slice(0, prefixEnd + 4)}...${raw.slice(-4)}`;
}

/**
 * SHA-256 of the raw key as lowercase hex: the only form a key is stored in. Synchronous (node:crypto):
 * it runs on every API request, where Web Crypto's asynchronous digest cost several times more.
 */
export function hashKey(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

/** The public id a tracking script sends: `dfid_` and 20 base62 characters. Not a secret. */
export function randomTrackingId(): string {
  return `dfid_${randomBase62(20)}`;
}

/**
 * Finds raw keys in any text, for secret scanners (also published in the README): `df_` or `dft_`,
 * then 36 base62 characters (30 random, 6 of checksum), not inside a longer word. The checksum tells
 * a real key from a look-alike: confirm each match with `parseKey`.
 */
export const KEY_SCAN_PATTERN = /(?<![0-9A-Za-z])dft?_[0-9A-Za-z]{36}(?![0-9A-Za-z])/g;

/** Every string in `text` that is shaped like a key and passes its checksum. */
export function findKeys(text: string): string[] {
  return [...text.matchAll(KEY_SCAN_PATTERN)].map(([match]) => match).filter((match) => parseKey(match) !== null);
}
