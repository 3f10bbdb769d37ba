// Who signed a leak report: the secret-scanning partner keys configured in SECRET_SCANNING_PUBLIC_KEYS
// (GitHub's published JSON, inline or in a file; nothing is fetched). The signature is ECDSA over the
// body's bytes exactly as received, base64 in `Github-Public-Key-Signature`, under the key named by
// `Github-Public-Key-Identifier`.
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { AppError } from "@keygate/core";
import { z } from "zod";
import { env } from "../../env";
import { log } from "../log";

export const KEY_IDENTIFIER_HEADER = "Github-Public-Key-Identifier";
export const SIGNATURE_HEADER = "Github-Public-Key-Signature";

/** The verified signer of a request: the partner key that signed it. */
export interface Signer {
  kind: "secretScanning";
  keyIdentifier: string;
}

const publishedKeys = z.object({
  public_keys: z
    .array(z.object({ key_identifier: z.string().min(1).max(200), key: z.string().min(1), is_current: z.boolean() }))
    .min(1),
});

let loaded: { source: string; keys: Map<string, KeyObject> } | undefined;

/** The configured keys by identifier, parsed once per setting; null when none are configured. */
export function partnerKeys(
  setting: string | undefined = env.SECRET_SCANNING_PUBLIC_KEYS,
): Map<string, KeyObject> | null {
  if (!setting) return null;
  if (loaded?.source === setting) return loaded.keys;
  try {
    const text = setting.trimStart().startsWith("{") ? setting : readFileSync(setting, "utf8");
    const { public_keys } = publishedKeys.parse(JSON.parse(text));
    // Keys no longer current still verify: GitHub rotates keys and may sign with the previous one meanwhile.
    const keys = new Map(public_keys.map((entry) => [entry.key_identifier, createPublicKey(entry.key)]));
    loaded = { source: setting, keys };
    return keys;
  } catch (error) {
    log("error", "SECRET_SCANNING_PUBLIC_KEYS is unreadable: neither GitHub's public_keys JSON nor a file holding it", {
      reason: (error as Error).message,
    });
    throw new AppError("unavailable", "Secret-scanning reports cannot be verified right now");
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The partner key that signed `body`; 404 when no keys are configured (the endpoint is off), 401 for a
 * missing header, an unknown key or a signature that does not verify. `body` must be the raw bytes.
 */
export function verifySignedReport(
  headers: { keyIdentifier: string | undefined; signature: string | undefined },
  body: Uint8Array,
): Signer {
  const keys = partnerKeys();
  if (!keys) throw AppError.notFound("Secret-scanning reports are not enabled on this server");
  const { keyIdentifier, signature } = headers;
  if (!keyIdentifier || !signature) {
    throw AppError.unauthorized(`Missing ${KEY_IDENTIFIER_HEADER} or ${SIGNATURE_HEADER}`);
  }
  const key = keys.get(keyIdentifier);
  if (!key) throw AppError.unauthorized("Unknown public key identifier");
  let valid = false;
  if (signature.length <= 1024 && BASE64.test(signature)) {
    try {
      valid = verify("sha256", body, key, Buffer.from(signature, "base64"));
    } catch {
      valid = false; // not a DER signature for this key's curve
    }
  }
  if (!valid) throw AppError.unauthorized("The signature does not match the body");
  return { kind: "secretScanning", keyIdentifier };
}
