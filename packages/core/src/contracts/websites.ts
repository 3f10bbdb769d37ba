// Websites: creation, settings updates and the website object.
import { z } from "zod";
import { objectId, optionalName } from "./common";

const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Accepts `example.com`, `https://Example.com/` and the like; stores the bare lowercase hostname. */
export const domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((value) => value.replace(/^https?:\/\//, "").replace(/\/.*$/, ""))
  .pipe(z.string().regex(HOSTNAME, "Must be a domain name such as example.com"))
  .describe("Domain of the website, e.g. example.com");

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timezone = z
  .string()
  .refine(isTimeZone, { message: "Must be an IANA time zone such as Europe/Paris" })
  .describe("IANA time zone, e.g. America/New_York");

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "Must be an ISO 4217 currency code such as USD")
  .describe("ISO 4217 currency code, e.g. USD");

export const websiteIdParams = z.object({ websiteId: objectId.describe("Website ObjectId") });

export const createWebsiteBody = z.object({ domain, timezone, name: optionalName }).strict();

export const updateWebsiteBody = z
  .object({
    domain: domain.optional(),
    timezone: timezone.optional(),
    currency: currency.optional(),
    name: optionalName,
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: "Give at least one field to update" });

export const websiteResponse = z.object({
  _id: objectId.describe("Website ObjectId"),
  domain: z.string().describe("Domain"),
  name: z.string().nullable().describe("Display name"),
  trackingId: z.string().describe("Tracking id used by the script, dfid_..."),
  timezone: z.string().describe("IANA time zone"),
  currency: z.string().describe("ISO 4217 currency"),
  role: z.enum(["owner", "member", "viewer"]).describe("Your role on this website"),
});

export const createdWebsiteResponse = z.object({
  websiteId: objectId.describe("The new website's ObjectId"),
  domain: z.string().describe("Domain"),
  trackingId: z.string().describe("Tracking id, dfid_..."),
});

export type CreateWebsiteBody = z.infer<typeof createWebsiteBody>;
export type UpdateWebsiteBody = z.infer<typeof updateWebsiteBody>;
export type Website = z.infer<typeof websiteResponse>;
