import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BASE62 } from "./base62";
import { crc32 } from "./crc32";
import { displayKey, findKeys, generateKey, hashKey, KEY_SCAN_PATTERN, parseKey, randomTrackingId } from "./keys";

describe("key format", () => {
  it("df_ and dft_ keys: prefix, 36 base62 characters, unique over 2,000 draws", () => {
    const keys = Array.from({ length: 1000 }, () => generateKey("apiKey"));
    const tokens = Array.from({ length: 1000 }, () => generateKey("accessToken"));
    for (const key of keys) expect(key).toMatch(/^df_[0-9A-Za-z]{36}$/);
    for (const token of tokens) expect(token).toMatch(/^dft_[0-9A-Za-z]{36}$/);
    expect(new Set([...keys, ...tokens]).size).toBe(2000);
  });

  it("every base62 character turns up in the random part", () => {
    const seen = new Set(Array.from({ length: 300 }, () => generateKey("apiKey").slice(3, 33)).join(""));
    expect([...BASE62].filter((c) => !seen.has(c))).toEqual([]);
  });

  it("parseKey accepts generated keys and tells their kind", () => {
    expect(parseKey(generateKey("apiKey"))).toBe("apiKey");
    expect(parseKey(generateKey("accessToken"))).toBe("accessToken");
  });

  it("the checksum catches every single-character substitution of a key", () => {
    const key = generateKey("apiKey");
    for (let i = 3; i < key.length; i++) {
      for (const replacement of ["0", "z", "A", "q"]) {
        if (key[i] === replacement) continue;
        const typo = key.slice(0, i) + replacement + key.slice(i + 1);
        expect(parseKey(typo), typo).toBeNull();
      }
    }
  });

  it("parseKey rejects wrong prefixes, truncation, extra characters, whitespace and empty input", () => {
    const key = generateKey("accessToken");
    for (const bad of [
      key.replace("dft_", "dfx_"),
      key.replace("dft_", "df_"),
      key.slice(0, -1),
      `${key}a`,
      ` ${key}`,
      `${key}\n`,
      "",
      "dft_",
      key.replace(/.$/, "-"),
    ]) {
      expect(parseKey(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("displayKey shows the prefix, 4 characters, ... and the last 4, never the secret", () => {
    expect(displayKey("df_ab12CDEFGHIJKLMNOPQRSTUVWXYZ0123xyz9")).toBe("df_ab12...xyz9");
    expect(displayKey("dft_ab12CDEFGHIJKLMNOPQRSTUVWXYZ0123xyz9")).toBe("dft_ab12...xyz9");
    const key = generateKey("apiKey");
    expect(displayKey(key).length).toBe(14);
    expect(key.includes(displayKey(key))).toBe(false);
  });

  it("hashKey is SHA-256 as lowercase hex (known vector and node:crypto agree)", async () => {
    expect(hashKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const key = generateKey("apiKey");
    expect(hashKey(key)).toBe(createHash("sha256").update(key).digest("hex"));
  });

  it("crc32 matches the IEEE check value", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("tracking ids are dfid_ and 20 base62 characters", () => {
    expect(randomTrackingId()).toMatch(/^dfid_[0-9A-Za-z]{20}$/);
  });

  it("the published pattern finds every key in text, and the checksum sorts out look-alikes", () => {
    const apiKey = generateKey("apiKey");
    const token = generateKey("accessToken");
    const lookAlike = `${apiKey.slice(0, -1)}${apiKey.endsWith("a") ? "b" : "a"}`;
    const text = `DATAFAST_KEY=${apiKey}\n"token": "${token}", old: ${lookAlike}, x${generateKey("apiKey")}, ${apiKey}9`;
    expect(text.match(KEY_SCAN_PATTERN)).toEqual([apiKey, token, lookAlike]);
    expect(findKeys(text)).toEqual([apiKey, token]);
    for (let n = 0; n < 200; n++)
      expect(generateKey(n % 2 ? "apiKey" : "accessToken").match(KEY_SCAN_PATTERN)).toHaveLength(1);
  });
});
