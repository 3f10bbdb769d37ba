// Appending a collected event: one statement opens or extends the session (the rollup that
// overview, bounce and duration read) and inserts the event, atomically.
import { newObjectId } from "@keygate/core";
import type { CollectedEvent } from "../store";
import { Params, rows } from "./sql";

const SESSION_COLUMNS = [
  "referrer",
  "referrerDomain",
  "referrerName",
  "utmSource",
  "utmMedium",
  "utmCampaign",
  "utmTerm",
  "utmContent",
  "ref",
  "source",
  "via",
  "adClickIds",
  "countryCode",
  "region",
  "city",
  "browser",
  "browserVersion",
  "os",
  "osVersion",
  "device",
  "deviceVendor",
  "deviceModel",
  "viewportWidth",
  "viewportHeight",
  "language",
] as const;

/** Stores the event; returns the id of its session. */
export async function ingestEvent(event: CollectedEvent): Promise<string> {
  const p = new Params();
  const website = p.add(event.websiteId);
  const visitor = p.add(event.visitorId);
  const at = p.add(event.at.toISOString());
  const isPageview = event.type === "pageview" ? 1 : 0;
  const { session } = event;
  const values: Record<(typeof SESSION_COLUMNS)[number], unknown> = {
    ...session.utm,
    referrer: session.referrer,
    referrerDomain: session.referrerDomain,
    referrerName: session.referrerName,
    ref: session.ref,
    source: session.source,
    via: session.via,
    adClickIds: session.adClickIds ? JSON.stringify(session.adClickIds) : null,
    countryCode: session.countryCode,
    region: session.region,
    city: session.city,
    browser: session.browser,
    browserVersion: session.browserVersion,
    os: session.os,
    osVersion: session.osVersion,
    device: session.device,
    deviceVendor: session.deviceVendor,
    deviceModel: session.deviceModel,
    viewportWidth: session.viewportWidth,
    viewportHeight: session.viewportHeight,
    language: session.language,
  };
  const path = p.add(event.path);
  const sql = `
    WITH session AS (
      INSERT INTO "AnalyticsSession" AS s ("id", "websiteId", "visitorId", "sessionKey", "visitNumber", "startedAt",
        "endedAt", "pageviews", "events", "hostname", "entryPath", "exitPath", ${SESSION_COLUMNS.map((c) => `"${c}"`).join(", ")})
      VALUES (${p.add(newObjectId(event.at))}, ${website}, ${visitor}, ${p.add(event.sessionKey)},
        coalesce(${p.add(session.visitNumber)}::int,
          (SELECT count(*)::int + 1 FROM "AnalyticsSession" WHERE "websiteId" = ${website} AND "visitorId" = ${visitor})),
        ${at}, ${at}, ${isPageview}, 1, ${p.add(event.hostname)}, ${path}, ${path},
        ${SESSION_COLUMNS.map((c) => p.add(values[c])).join(", ")})
      ON CONFLICT ("websiteId", "sessionKey") DO UPDATE SET
        "endedAt" = greatest(s."endedAt", EXCLUDED."endedAt"),
        "pageviews" = s."pageviews" + EXCLUDED."pageviews",
        "events" = s."events" + 1,
        "exitPath" = CASE WHEN EXCLUDED."pageviews" = 1 AND EXCLUDED."endedAt" >= s."endedAt"
                          THEN EXCLUDED."exitPath" ELSE s."exitPath" END
      RETURNING "id", "visitorId"
    )
    INSERT INTO "AnalyticsEvent" ("id", "websiteId", "sessionId", "visitorId", "type", "name", "hostname", "path",
      "query", "properties", "origin", "createdAt")
    SELECT ${p.add(newObjectId(event.at))}, ${website}, session."id", session."visitorId", ${p.add(event.type)},
      ${p.add(event.name)}, ${p.add(event.hostname)}, ${path}, ${p.add(event.query)},
      ${p.add(event.properties ? JSON.stringify(event.properties) : null)}::jsonb, 'script', ${at}
    FROM session
    RETURNING "sessionId"`;
  const [row] = await rows<{ sessionId: string }>(sql, p);
  return row?.sessionId ?? "";
}
