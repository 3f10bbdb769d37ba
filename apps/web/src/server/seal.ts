// Secrets the server must read back (two-factor seeds, replayable responses, webhook signing
// secrets) are sealed at rest: AES-256-GCM under a key derived from AUTH_SECRET by HKDF, one key per
// purpose, with associated data that ties each sealed value to its owner so it cannot be moved.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const SEAL_VERSION = "v1";

/** The key for one purpose (e.g. "keygate two-factor secret v1"); changing AUTH_SECRET makes what it sealed unreadable. */
export function sealingKey(authSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "", purpose, 32));
}

/** Encrypts `plaintext`; `owner` (a user id, a record id) is authenticated with it. */
export function seal(plaintext: string, owner: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(owner));
  const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [SEAL_VERSION, ...[iv, sealed, cipher.getAuthTag()].map((part) => part.toString("base64url"))].join(".");
}

/** Decrypts what seal wrote; throws when it was altered, moved to another owner or sealed with another key. */
export function unseal(sealed: string, owner: string, key: Buffer): string {
  const [version, iv, data, tag] = sealed.split(".");
  if (version !== SEAL_VERSION || !iv || !data || !tag) throw new Error("Unreadable sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(owner));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
