// Collection: validate a DataFast-format event, enrich it (browser, device, country), drop what
// the website excludes, and append it through the analytics store. Never touches credentials.
import { createHmac } from "node:crypto";
import { AppError } from "@keygate/core";
import {
  type CollectPayload,
  cleanPropertyValue,
  goalName,
  storableText,
  stripControl,
  textOf,
} from "@keygate/core/contracts";
import { env } from "../../env";
import { type CollectedEvent, analyticsStore as store } from "../analytics";
import { enrich } from "../analytics/enrich";
import { referrerSource } from "../analytics/enrich/referrer";
import { sqlState } from "../rest/errors";
import { goalArrived } from "../services/alert-delivery";
import { type DropReason, dropReason } from "./exclusions";
import { siteByTrackingId } from "./sites";

export interface CollectResult {
  dropped: DropReason | null;
  /** For cookieless events: the visitor id the server chose, for the client to keep. */
  visitorId?: string;
}

const PARAMS = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref", "source", "via"] as const;

/** A UUID v4-shaped id from a digest. */
function uuidFrom(digest: Buffer): string {
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Cookieless visitors: a keyed hash of IP, user agent and website that changes every UTC day,
 * so nothing is stored on the device and no id outlives the day.
 */
export function cookielessVisitorId(websiteId: string, ip: string | null, userAgent: string | null, now = new Date()) {
  const day = now.toISOString().slice(0, 10);
  const salt = createHmac("sha256", env.AUTH_SECRET).update(`cookieless:${day}`).digest();
  return uuidFrom(
    createHmac("sha256", salt)
      .update(`${websiteId}|${ip ?? ""}|${userAgent ?? ""}`)
      .digest(),
  );
}

function invalid(path: string, message: string): AppError {
  return AppError.badRequest("Invalid event", [{ path, message }]);
}

/** A custom event's properties: at most 10, keys [a-z0-9_-], values cleaned strings. */
function goalProperties(extra: Record<string, unknown>): Record<string, string> | null {
  const entries = Object.entries(extra)
    .filter(([key, value]) => key !== "eventName" && value !== undefined && value !== null)
    .map(([key, value]) => [key.toLowerCase().replace(/-/g, "_"), cleanPropertyValue(value)] as const)
    .filter(([key]) => /^[a-z0-9_-]{1,64}$/.test(key))
    .slice(0, 10);
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/** What each event type keeps of extraData. */
function typed(payload: CollectPayload): { name: string | null; properties: Record<string, unknown> | null } {
  const extra = payload.extraData ?? {};
  switch (payload.type) {
    case "custom": {
      const parsed = goalName.safeParse(textOf(extra.eventName ?? ""));
      if (!parsed.success) throw invalid("extraData.eventName", parsed.error.issues[0]?.message ?? "Invalid goal name");
      return { name: parsed.data, properties: goalProperties(extra) };
    }
    case "external_link":
      return {
        name: null,
        properties: {
          url: stripControl(textOf(extra.url ?? "")).slice(0, 2048),
          text: cleanPropertyValue(extra.text ?? ""),
        },
      };
    case "payment":
      return { name: null, properties: goalProperties(extra) };
    default:
      return { name: null, properties: null };
  }
}

export async function collectEvent({
  payload,
  ip,
  userAgent,
}: {
  payload: CollectPayload;
  ip: string | null;
  userAgent: string | null;
}): Promise<CollectResult> {
  const site = await siteByTrackingId(payload.websiteId);
  if (!site) throw AppError.notFound("Unknown website id: check data-website-id");
  const url = new URL(payload.href);
  const hostname = url.hostname.toLowerCase();
  const path = stripControl(decodeURIComponentSafe(url.pathname)).slice(0, 1000) || "/";
  const info = await enrich({ ip, userAgent });
  const dropped = dropReason(site, { ...info, ip, path, hostname });
  if (dropped) return { dropped };

  const cookieless = payload.cookieless === true;
  const visitorId = cookieless ? cookielessVisitorId(site.id, ip, userAgent) : payload.visitorId?.toLowerCase();
  if (!visitorId) throw invalid("visitorId", "Required (a UUID), unless cookieless is true");
  const sessionKey =
    payload.sessionId?.toLowerCase() ??
    `s${uuidFrom(
      createHmac("sha256", visitorId)
        .update(String(Math.floor(Date.now() / 1_800_000)))
        .digest(),
    )}`;

  if (payload.type === "identify") {
    const { user_id: userId, ...metadata } = storable(payload.extraData ?? {});
    if (typeof userId !== "string" || userId.trim() === "" || userId.length > 255) {
      throw invalid("extraData.user_id", "Required: a string of at most 255 characters");
    }
    // Cookieless websites do not keep profiles: the visitor id changes daily.
    if (!cookieless) await store.identify({ websiteId: site.id, visitorId, userId, metadata, at: new Date() });
    return { dropped: null, ...(cookieless ? { visitorId } : {}) };
  }

  const referrer = referrerSource(payload.referrer, hostname);
  // Apps describe their device; on the web the user agent says more than the SDK's copy of it.
  const app = payload.device && payload.device.platform !== "web" ? payload.device : null;
  const param = (name: string) => stripControl(url.searchParams.get(name) ?? "").slice(0, 255) || null;
  const event: CollectedEvent = {
    websiteId: site.id,
    visitorId,
    sessionKey,
    type: payload.type,
    ...typed(payload),
    hostname,
    path,
    query: url.search ? stripControl(url.search.slice(1, 2001)) : null,
    at: new Date(),
    session: {
      referrer: stripControl(payload.referrer ?? "").slice(0, 2048) || null,
      referrerDomain: referrer.domain,
      referrerName: referrer.name,
      utm: {
        utmSource: param(PARAMS[0]),
        utmMedium: param(PARAMS[1]),
        utmCampaign: param(PARAMS[2]),
        utmTerm: param(PARAMS[3]),
        utmContent: param(PARAMS[4]),
      },
      ref: param("ref"),
      source: param("source"),
      via: param("via"),
      adClickIds:
        payload.adClickIds && Object.keys(payload.adClickIds).length > 0 ? storable(payload.adClickIds) : null,
      countryCode: info.countryCode,
      region: info.region,
      city: info.city,
      browser: info.browser,
      browserVersion: info.browserVersion,
      os: info.os,
      osVersion: app?.osVersion ? stripControl(app.osVersion).slice(0, 64) : info.osVersion,
      device: info.device,
      deviceVendor: info.vendor,
      deviceModel: app?.model ? stripControl(app.model) : info.model,
      viewportWidth: payload.viewport?.width ?? null,
      viewportHeight: payload.viewport?.height ?? null,
      language: payload.language ? stripControl(payload.language) : null,
      visitNumber: payload.visitorSessionNumber ? payload.visitorSessionNumber : null,
    },
  };
  try {
    await store.ingestEvent(event);
  } catch (error) {
    // The website was deleted while its settings were still cached here.
    if (sqlState(error) === "23503") throw AppError.notFound("Unknown website id: check data-website-id");
    throw error;
  }
  if (event.type === "custom" && event.name) goalArrived(site.id, event.name);
  return { dropped: null, ...(cookieless ? { visitorId } : {}) };
}

/** The same JSON value with every key and string storable (no NUL, no lone surrogate). */
function storable<T>(value: T): T {
  if (typeof value === "string") return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), storable(item)])) as T;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURI(value);
  } catch {
    return value;
  }
}
