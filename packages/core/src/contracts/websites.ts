// Websites: creation, settings updates and the website object.
import { z } from "zod";
import { atLeastOneField, objectId, optionalName } from "./common";

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

// What the server accepts as sent, before trimming and lowercasing: the same hostname in any case,
// with surrounding whitespace. The OpenAPI document states these patterns, so they are the checks.
const LABEL = "[0-9A-Za-z](?:[0-9A-Za-z-]{0,61}[0-9A-Za-z])?";
const HOST = `(?=[0-9A-Za-z.-]{1,253}(?:/|\\s*$))(?:${LABEL}\\.)+[A-Za-z]{2,63}`;
/** `example.com`, `https://Example.com/pricing`: an optional http(s) scheme and path around the hostname. */
export const DOMAIN_INPUT = new RegExp(`^\\s*(?:[Hh][Tt][Tt][Pp][Ss]?://)?${HOST}(?:/.*)?\\s*$`);
/** `app.example.com` or `*.example.com`. */
const HOSTNAME_INPUT = new RegExp(`^\\s*(?:\\*\\.)?${HOST}\\s*$`);

/** Accepts `example.com`, `https://Example.com/` and the like; stores the bare lowercase hostname. */
export const domain = z
  .string()
  .regex(DOMAIN_INPUT, "Must be a domain name such as example.com")
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^https?:\/\//, "").replace(/\/.*$/, ""))
  .pipe(z.string().regex(HOSTNAME, "Must be a domain name such as example.com"))
  .describe(
    "Domain of the website, e.g. example.com: a hostname of at most 253 characters. A scheme (http:// or https://), a path and upper case are accepted and dropped: the bare lowercase hostname is stored.",
  );

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The shape of an IANA zone name (`Europe/Paris`, `Etc/GMT+5`, `UTC`): offsets such as `+01:00` are not zones. */
export const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

export const timezone = z
  .string()
  .regex(TIME_ZONE_NAME, { message: "Must be an IANA time zone such as Europe/Paris", abort: true })
  .refine(isTimeZone, { message: "Must be an IANA time zone such as Europe/Paris" })
  .describe(
    "IANA time zone name, e.g. America/New_York or Europe/Paris (UTC too), known to the server's time zone database; names match case-insensitively",
  );

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "Must be an ISO 4217 currency code such as USD")
  .describe("ISO 4217 currency code, e.g. USD");

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** An IPv4 or IPv6 address, optionally with a CIDR prefix (10.0.0.0/8, 2001:db8::/32). */
export function isIpOrCidr(value: string): boolean {
  const [address = "", prefix, ...rest] = value.split("/");
  if (rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return false;
  if (IPV4.test(address)) return prefix === undefined || Number(prefix) <= 32;
  if (!address.includes(":") || !/^[0-9a-fA-F:.]+$/.test(address)) return false;
  try {
    new URL(`http://[${address}]/`);
  } catch {
    return false;
  }
  return prefix === undefined || Number(prefix) <= 128;
}

const list = <T extends z.ZodType>(item: T, what: string) => z.array(item).max(100, `At most 100 ${what}`);
const hostname = z
  .string()
  .regex(HOSTNAME_INPUT, { message: "Must be a hostname such as app.example.com or *.example.com", abort: true })
  .trim()
  .toLowerCase()
  .refine((value) => HOSTNAME.test(value.replace(/^\*\./, "")), {
    message: "Must be a hostname such as app.example.com or *.example.com",
  })
  .describe("A hostname such as app.example.com, or *.example.com for its subdomains (stored in lower case)");

export const websiteSettingsFields = {
  excludedIps: list(
    z.string().trim().refine(isIpOrCidr, { message: "Must be an IP address or CIDR range" }),
    "IPs",
  ).describe("Visits from these IPs or CIDR ranges are not tracked"),
  excludedPaths: list(
    z
      .string()
      .trim()
      .regex(/^\/[^\s]{0,199}$/, "Must be a path starting with / (use * as a wildcard)"),
    "paths",
  ).describe("Paths not tracked, e.g. /admin/*"),
  excludedCountries: list(
    z.string().regex(/^[A-Z]{2}$/, "Must be an ISO 3166-1 alpha-2 country code such as FR"),
    "countries",
  ).describe("Countries not tracked (ISO 3166-1 alpha-2)"),
  excludedHostnames: list(hostname, "hostnames").describe("Hostnames not tracked, e.g. staging.example.com"),
  allowedHostnames: list(hostname, "hostnames").describe("Other hostnames that may send events for this website"),
  publicDashboard: z.boolean().describe("Anyone with the link can see the dashboard"),
};

/** Shortest and longest retention period a website may set, in days (null = keep forever). */
export const RETENTION_DAYS = { min: 30, max: 3650 } as const;

export const retentionDays = z
  .number()
  .int("Must be a whole number of days")
  .min(RETENTION_DAYS.min, `At least ${RETENTION_DAYS.min} days`)
  .max(RETENTION_DAYS.max, `At most ${RETENTION_DAYS.max} days`)
  .nullable()
  .describe(
    `Keep analytics data this many days (${RETENTION_DAYS.min}–${RETENTION_DAYS.max}), counted in whole days of the website's time zone; older visits, payments and profiles are deleted. null = keep forever (the default).`,
  );

export const websiteIdParams = z.object({ websiteId: objectId.describe("Website ObjectId") });

export const createWebsiteBody = z.object({ domain, timezone, name: optionalName }).strict();

export const updateWebsiteBody = atLeastOneField(
  z
    .object({
      domain: domain.optional(),
      timezone: timezone.optional(),
      currency: currency.optional(),
      name: optionalName,
      excludedIps: websiteSettingsFields.excludedIps.optional(),
      excludedPaths: websiteSettingsFields.excludedPaths.optional(),
      excludedCountries: websiteSettingsFields.excludedCountries.optional(),
      excludedHostnames: websiteSettingsFields.excludedHostnames.optional(),
      allowedHostnames: websiteSettingsFields.allowedHostnames.optional(),
      publicDashboard: websiteSettingsFields.publicDashboard.optional(),
      retentionDays: retentionDays.optional(),
    })
    .strict(),
);

/** Deleting happens in the dashboard only: the person types the website's domain to confirm. */
export const deleteWebsiteBody = z
  .object({ confirmDomain: z.string().max(300).describe("The website's domain, typed to confirm") })
  .strict();

export const websiteResponse = z.object({
  _id: objectId.describe("Website ObjectId"),
  domain: z.string().describe("Domain"),
  name: z.string().nullable().describe("Display name"),
  trackingId: z.string().describe("Tracking id used by the script, dfid_..."),
  timezone: z.string().describe("IANA time zone"),
  currency: z.string().describe("ISO 4217 currency"),
  role: z.enum(["owner", "member", "viewer"]).describe("Your role on this website"),
});

export const websiteSettingsResponse = websiteResponse.extend({
  excludedIps: z.array(z.string()).describe("IPs and CIDR ranges not tracked"),
  excludedPaths: z.array(z.string()).describe("Paths not tracked"),
  excludedCountries: z.array(z.string()).describe("Countries not tracked"),
  excludedHostnames: z.array(z.string()).describe("Hostnames not tracked"),
  allowedHostnames: z.array(z.string()).describe("Other hostnames allowed to send events"),
  publicDashboard: z.boolean().describe("Whether the dashboard is public"),
  retentionDays: z.number().int().optional().describe("Days of analytics data kept; absent = kept forever"),
});

export const createdWebsiteResponse = z.object({
  websiteId: objectId.describe("The new website's ObjectId"),
  domain: z.string().describe("Domain"),
  trackingId: z.string().describe("Tracking id, dfid_..."),
});

export type CreateWebsiteBody = z.infer<typeof createWebsiteBody>;
export type DeleteWebsiteBody = z.infer<typeof deleteWebsiteBody>;
export type UpdateWebsiteBody = z.infer<typeof updateWebsiteBody>;
export type Website = z.infer<typeof websiteResponse>;
export type WebsiteSettings = z.infer<typeof websiteSettingsResponse>;
