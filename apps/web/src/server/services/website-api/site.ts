// The website a Website API call is about: time zone, currency and domain, read once per request.
import { AppError } from "@keygate/core";
import { database } from "../../db";

export interface SiteInfo {
  id: string;
  domain: string;
  name: string | null;
  timezone: string;
  currency: string;
}

export async function siteInfo(websiteId: string): Promise<SiteInfo> {
  const { query } = await database();
  const [row] = await query<SiteInfo>(
    `SELECT "id", "domain", "name", "timezone", "currency" FROM "Website" WHERE "id" = $1`,
    [websiteId],
  );
  if (!row) throw AppError.notFound("Website not found");
  return row;
}

/** "$" for USD, "€" for EUR…: what the overview and timeseries show next to amounts. */
export function currencySymbol(code: string): string {
  try {
    const parts = new Intl.NumberFormat("en", { style: "currency", currency: code, currencyDisplay: "narrowSymbol" });
    return parts.formatToParts(0).find((part) => part.type === "currency")?.value ?? code;
  } catch {
    return code;
  }
}
