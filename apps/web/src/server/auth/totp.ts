// Time-based one-time codes (RFC 6238, through otpauth), the secret sealed at rest (AES-256-GCM with
// a key derived from AUTH_SECRET by HKDF), and recovery codes. No I/O: the tests compute codes with it.
import { createHash, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { seal, sealingKey, unseal } from "../seal";

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const ISSUER = "Keygate";
export const RECOVERY_CODE_COUNT = 10;

const KEY_INFO = "keygate two-factor secret v1";

/** The encryption key for TOTP secrets; changing AUTH_SECRET makes every stored secret unreadable. */
export function secretKey(authSecret: string): Buffer {
  return sealingKey(authSecret, KEY_INFO);
}

/** Encrypts a base32 secret; the user id is authenticated with it, so a sealed secret cannot move to another user. */
export const sealSecret: (secret: string, userId: string, key: Buffer) => string = seal;

/** Decrypts what sealSecret wrote; throws when it was altered, moved or sealed with another key. */
export const openSecret: (sealed: string, userId: string, key: Buffer) => string = unseal;

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totp(secret: string, label = ""): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The 30-second time step of a moment. */
export function timeStep(timestamp = Date.now()): number {
  return Math.floor(timestamp / 1000 / TOTP_PERIOD_SECONDS);
}

/** Spaces and dashes people type or copy along with a code are not part of it. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, "").toLowerCase();
}

export function isTotpCode(code: string): boolean {
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(normalizeCode(code));
}

/**
 * The time step `code` belongs to, when it is the code of this step or of the one before or after
 * (clock drift); null otherwise. The caller refuses a step it has already accepted.
 */
export function matchTotp(secret: string, code: string, timestamp = Date.now()): number | null {
  const token = normalizeCode(code);
  if (!isTotpCode(token)) return null;
  const delta = totp(secret).validate({ token, timestamp, window: 1 });
  return delta === null ? null : timeStep(timestamp) + delta;
}

// No 0/o, 1/l/i: codes are read off paper.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** Ten codes like `k7f3q-9xw2m` (about 49 bits each), shown once. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What is stored of a recovery code. */
export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normalizeCode(code)).digest("hex");
}
