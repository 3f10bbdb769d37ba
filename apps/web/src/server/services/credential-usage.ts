// Usage of a website key or an account token, read from the daily rollup that src/server/auth/usage.ts
// writes: every day of the window (UTC, today included, oldest first, zeros filled) and the last
// request seen. Shared by REST, tRPC and the CLI (through REST).
import { AppError } from "@keygate/core";
import type { CredentialUsage, UsageDay } from "@keygate/core/contracts";
import { database } from "../db";
import type { UserPrincipal } from "./access-tokens";

const DAY_MS = 86_400_000;

type DayRow = { date: string; ok: number; redirect: number; client: number; server: number };
type SeenRow = { at: Date; ip: string | null; userAgent: string | null };

/** The usage of one credential whose ownership the caller has checked. */
async function usageOf(credentialId: string, days: number, now = Date.now()): Promise<CredentialUsage> {
  const { query } = await database();
  const today = Math.floor(now / DAY_MS);
  const first = new Date((today - days + 1) * DAY_MS).toISOString().slice(0, 10);
  const [rows, seen] = await Promise.all([
    query<DayRow>(
      `SELECT to_char("day", 'YYYY-MM-DD') AS "date", "ok2xx" AS "ok", "redirect3xx" AS "redirect",
         "client4xx" AS "client", "server5xx" AS "server"
       FROM "CredentialUsage" WHERE "credentialId" = $1 AND "day" >= $2::date ORDER BY "day"`,
      [credentialId, first],
    ),
    query<SeenRow>(
      `SELECT "lastSeenAt" AS "at", "lastIp" AS "ip", "lastUserAgent" AS "userAgent"
       FROM "CredentialUsage" WHERE "credentialId" = $1 ORDER BY "day" DESC LIMIT 1`,
      [credentialId],
    ),
  ]);
  const byDate = new Map(rows.map((row) => [row.date, row]));
  const data: UsageDay[] = [];
  for (let day = today - days + 1; day <= today; day++) {
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    const row = byDate.get(date);
    data.push({
      date,
      "2xx": row?.ok ?? 0,
      "3xx": row?.redirect ?? 0,
      "4xx": row?.client ?? 0,
      "5xx": row?.server ?? 0,
    });
  }
  const last = seen[0];
  return {
    data,
    lastSeen: last ? { at: new Date(last.at).toISOString(), ip: last.ip, userAgent: last.userAgent } : null,
  };
}

/** A key of this website (revoked ones too: their history stays readable); 404 for any other id. */
export async function apiKeyUsage({
  websiteId,
  apiKeyId,
  days,
}: {
  websiteId: string;
  apiKeyId: string;
  days: number;
}): Promise<CredentialUsage> {
  const { query } = await database();
  const [key] = await query(`SELECT 1 FROM "WebsiteApiKey" WHERE "id" = $1 AND "websiteId" = $2`, [
    apiKeyId,
    websiteId,
  ]);
  if (!key) throw AppError.notFound("API key not found");
  return usageOf(apiKeyId, days);
}

/** One of the caller's own tokens (revoked ones too); 404 for anyone else's, as on delete. */
export async function accessTokenUsage({
  principal,
  tokenId,
  days,
}: {
  principal: UserPrincipal;
  tokenId: string;
  days: number;
}): Promise<CredentialUsage> {
  const { query } = await database();
  const [token] = await query(`SELECT 1 FROM "AccessToken" WHERE "id" = $1 AND "userId" = $2`, [
    tokenId,
    principal.userId,
  ]);
  if (!token) throw AppError.notFound("Access token not found");
  return usageOf(tokenId, days);
}
