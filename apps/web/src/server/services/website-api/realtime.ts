// Realtime (who is here now) and the website's metadata.
import { ACTIVE_MINUTES, analyticsStore as store } from "../../analytics";
import { countryName } from "../../analytics/enrich/countries";
import { siteInfo } from "./site";
import { pick, pickFields } from "./window";

export async function getRealtime({ websiteId, fields }: { websiteId: string; fields?: string }) {
  pickFields(fields, ["visitors"] as const);
  return { visitors: await store.activeVisitors(websiteId, ACTIVE_MINUTES) };
}

export async function getRealtimeMap({ websiteId }: { websiteId: string }) {
  const site = await siteInfo(websiteId);
  const live = await store.realtimeMap(site.id, ACTIVE_MINUTES, 500);
  return {
    count: live.visitors.length,
    hasConversionPredictions: false,
    visitors: live.visitors.map((visitor) => ({
      visitorId: visitor.visitorId,
      location: { city: visitor.city, region: visitor.region, countryCode: visitor.countryCode },
      system: { browser: { name: visitor.browser }, os: { name: visitor.os }, device: { type: visitor.device } },
      currentUrl: visitor.exitPath,
      referrer: visitor.referrerName,
      sessionStartTime: visitor.startedAt.toISOString(),
      visitCount: visitor.visitNumber,
      params: visitor.params,
      latitude: null,
      longitude: null,
      isCustomer: visitor.isCustomer,
      customerName: visitor.customerName,
      customerEmail: visitor.customerEmail,
      profileData: {
        displayName: displayName(visitor.profile?.metadata, visitor.customerName),
        userId: visitor.profile?.userId ?? null,
        hasProfile: visitor.profile !== null,
        isRandomName: false,
      },
      conversionLikelihood: null,
    })),
    recentEvents: live.events.map((event) => ({
      _id: event.id,
      type: event.type === "custom" ? (event.name ?? "custom") : event.type,
      visitorId: event.visitorId,
      timestamp: event.createdAt.toISOString(),
      path: event.path,
      countryCode: event.countryCode,
      country: event.countryCode ? countryName(event.countryCode) : null,
      extraData: event.properties ?? {},
      referrer: event.referrerName,
    })),
    recentPayments: live.payments.map((payment) => ({
      _id: payment.id,
      type: "payment_received",
      timestamp: payment.createdAt.toISOString(),
      name: payment.name,
      email: payment.email,
      amount: payment.amount,
      currency: payment.currency,
      renewal: payment.renewal,
      displayName: payment.name ?? payment.email,
      isNew: !payment.renewal,
      visible: true,
      visitorId: payment.visitorId,
    })),
  };
}

function displayName(metadata: Record<string, unknown> | undefined, fallback: string | null): string | null {
  const name = metadata?.name;
  return typeof name === "string" && name !== "" ? name : fallback;
}

const METADATA_FIELDS = ["domain", "timezone", "name", "logo", "kpiColorScheme", "kpi", "currency"] as const;

export async function getMetadata({ websiteId, fields }: { websiteId: string; fields?: string }) {
  const chosen = pickFields(fields, METADATA_FIELDS);
  const site = await siteInfo(websiteId);
  return pick(
    {
      domain: site.domain,
      timezone: site.timezone,
      name: site.name,
      logo: null,
      kpiColorScheme: "blue",
      kpi: null,
      currency: site.currency,
    },
    chosen,
  );
}
