// Events for analytics tests, written through the store at exact times, with every session field
// a test may want to set.
import type { CollectedEvent } from "../src/server/analytics";

type Session = CollectedEvent["session"];

export interface EventInput {
  websiteId: string;
  visitorId: string;
  /** Defaults to one session per visitor. */
  sessionKey?: string;
  path?: string;
  hostname?: string;
  at: Date | string;
  type?: CollectedEvent["type"];
  name?: string | null;
  properties?: Record<string, unknown> | null;
  session?: Partial<Session>;
}

export function event(input: EventInput): CollectedEvent {
  const session: Session = {
    referrer: null,
    referrerDomain: null,
    referrerName: "Direct/None",
    utm: { utmSource: null, utmMedium: null, utmCampaign: null, utmTerm: null, utmContent: null },
    ref: null,
    source: null,
    via: null,
    adClickIds: null,
    countryCode: null,
    region: null,
    city: null,
    browser: "Chrome",
    browserVersion: "120",
    os: "Windows",
    osVersion: "10",
    device: "desktop",
    deviceVendor: null,
    deviceModel: null,
    viewportWidth: 1280,
    viewportHeight: 800,
    language: "en-US",
    visitNumber: null,
    ...input.session,
  };
  return {
    websiteId: input.websiteId,
    visitorId: input.visitorId,
    sessionKey: input.sessionKey ?? `s${input.visitorId}`,
    type: input.type ?? "pageview",
    name: input.name ?? null,
    hostname: input.hostname ?? "shop.example.com",
    path: input.path ?? "/",
    query: null,
    properties: input.properties ?? null,
    at: new Date(input.at),
    session,
  };
}

export const pageview = (input: Omit<EventInput, "type">) => event({ ...input, type: "pageview" });
