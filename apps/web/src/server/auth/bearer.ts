// Turns `Authorization: Bearer <key>` into a principal. Malformed keys (bad shape or checksum)
// are refused before any database work; well-formed ones are looked up by their SHA-256 only.
// This runs on every REST request, so it is one indexed query straight on the driver.

import type { BlockList } from "node:net";
import { AppError } from "@keygate/core";
import { hashKey, parseKey } from "@keygate/core/credentials";
import type { ApiKeyPrincipal, Principal } from "@keygate/core/policy";
import { database } from "../db";
import { inIpList, ipList } from "../ip-list";
import { cached } from "./access-cache";
import { touchLastUsed } from "./last-used";

const INVALID = "Invalid or revoked API key";
export const EXPIRED = "API key expired";

/** Whether a credential's expiry (kept with it in the cache) has passed: checked on every request. */
const hasExpired = (expiresAt: Date | null) => expiresAt !== null && new Date(expiresAt).getTime() <= Date.now();
export const SUSPENDED = "API access for this website is suspended. Contact support.";

export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * The key whose current value, or whose old value still in its grace window, has this hash: one query,
 * each branch on its own unique index. `graceEndsAt` is set when the old value matched, so a cached
 * answer is refused once the window closes (see principalFromBearer); `expiresAt` likewise, for the key.
 */
async function apiKeyRow(keyHash: string) {
  const { query } = await database();
  const [row] = await query<{
    id: string;
    websiteId: string;
    suspended: boolean;
    graceEndsAt: Date | null;
    permissions: string[];
    allowedIps: string[];
    expiresAt: Date | null;
  }>(
    `SELECT k."id", k."websiteId", w."apiSuspendedAt" IS NOT NULL AS "suspended", k."permissions", k."allowedIps",
       k."expiresAt",
       CASE WHEN k."keyHash" = $1 THEN NULL ELSE k."previousKeyExpiresAt" END AS "graceEndsAt"
     FROM "WebsiteApiKey" k JOIN "Website" w ON w."id" = k."websiteId"
     WHERE (k."keyHash" = $1 OR (k."previousKeyHash" = $1 AND k."previousKeyExpiresAt" > now()))
       AND k."revokedAt" IS NULL`,
    [keyHash],
  );
  return row;
}

async function accessTokenRow(keyHash: string) {
  const { query } = await database();
  const [row] = await query<{
    id: string;
    userId: string;
    permissions: string[];
    websiteIds: string[];
    allowedIps: string[];
    expiresAt: Date | null;
  }>(
    `SELECT "id", "userId", "permissions", "websiteIds", "allowedIps", "expiresAt"
     FROM "AccessToken" WHERE "keyHash" = $1 AND "revokedAt" IS NULL`,
    [keyHash],
  );
  return row;
}

/** Each cached credential's allowlist, built once per cache entry. */
const allowlists = new WeakMap<object, BlockList>();

/** 403 unless the credential may be used from `ip` (a credential without an allowlist may be used from anywhere). */
function checkAllowedIp(row: { allowedIps: string[] | null }, ip: string | null | undefined, what: string): void {
  if (!row.allowedIps?.length) return;
  let list = allowlists.get(row);
  if (!list) {
    list = ipList(row.allowedIps);
    allowlists.set(row, list);
  }
  if (!inIpList(list, ip)) {
    throw AppError.forbidden(
      `This ${what} is restricted to its allowed IP addresses (allowedIps); this request came from ${ip || "an unknown address"}`,
    );
  }
}

/**
 * The principal behind `Authorization: Bearer …`, for a request from `ip` (the client address as
 * TRUST_PROXY decides it): 401 when unknown, revoked or expired; 403 when suspended or outside the
 * credential's allowed IP addresses.
 */
export async function principalFromBearer(header: string | null | undefined, ip?: string | null): Promise<Principal> {
  const raw = bearerToken(header);
  if (!raw) throw AppError.unauthorized("Missing API key: send Authorization: Bearer <df_ or dft_ key>");
  const kind = parseKey(raw);
  if (!kind) throw AppError.unauthorized("Malformed API key");
  const keyHash = hashKey(raw);
  const found = (row: unknown) => row !== undefined;

  if (kind === "apiKey") {
    const row = await cached(`apiKey:${keyHash}`, () => apiKeyRow(keyHash), found);
    if (!row || (row.graceEndsAt && new Date(row.graceEndsAt).getTime() <= Date.now())) {
      throw AppError.unauthorized(INVALID);
    }
    if (hasExpired(row.expiresAt)) throw AppError.unauthorized(EXPIRED);
    if (row.suspended) throw AppError.forbidden(SUSPENDED);
    checkAllowedIp(row, ip, "key");
    touchLastUsed("WebsiteApiKey", row.id);
    const principal: ApiKeyPrincipal = { kind: "apiKey", keyId: row.id, websiteId: row.websiteId };
    if (row.permissions?.length) principal.permissions = row.permissions;
    if (row.expiresAt) principal.expiresAt = new Date(row.expiresAt).toISOString();
    return principal;
  }

  const row = await cached(`accessToken:${keyHash}`, () => accessTokenRow(keyHash), found);
  if (!row) throw AppError.unauthorized(INVALID);
  if (hasExpired(row.expiresAt)) throw AppError.unauthorized(EXPIRED);
  checkAllowedIp(row, ip, "token");
  touchLastUsed("AccessToken", row.id);
  return {
    kind: "accessToken",
    tokenId: row.id,
    userId: row.userId,
    permissions: row.permissions,
    websiteIds: row.websiteIds,
    ...(row.expiresAt ? { expiresAt: new Date(row.expiresAt).toISOString() } : {}),
  };
}
