// Data lifecycle: the retention period (setting, cutoff, job — exact rows, other websites untouched,
// two rounds at once), erasing one visitor (REST and dashboard, audited, refused to viewers and
// out-of-scope credentials), and exports (CSV and JSON, exact rows of the period, escaping, 400s).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { analyticsStore } from "../src/server/analytics";
import { database } from "../src/server/db";
import { runJob } from "../src/server/jobs";
import { csvCell, dataRetention, retentionCutoff, runRetention } from "../src/server/services/data-lifecycle";
import { event, pageview } from "./analytics-fixtures";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";
import { callerFor, refusal } from "./trpc-caller";

const DAY = 86_400_000;
const NOW = new Date();
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const { query } = await database();
  return query<T>(text, params);
}

async function countOf(table: string, websiteId: string, visitorId?: string): Promise<number> {
  const [row] = await sql<{ n: string }>(
    `SELECT count(*) AS n FROM "${table}" WHERE "websiteId" = $1 ${visitorId ? `AND "visitorId" = $2` : ""}`,
    visitorId ? [websiteId, visitorId] : [websiteId],
  );
  return Number(row?.n);
}

async function counts(websiteId: string, visitorId?: string) {
  return {
    events: await countOf("AnalyticsEvent", websiteId, visitorId),
    sessions: await countOf("AnalyticsSession", websiteId, visitorId),
    payments: await countOf("AnalyticsPayment", websiteId, visitorId),
    profiles: await countOf("AnalyticsProfile", websiteId, visitorId),
  };
}

/** `n` sessions of one pageview each, `at`, written in one statement (fast fixtures for batches). */
async function bulkVisits(websiteId: string, n: number, at: Date): Promise<void> {
  await sql(
    `WITH v AS (SELECT g, md5($1 || $3 || g::text) AS h FROM generate_series(1, $2::int) g),
     s AS (INSERT INTO "AnalyticsSession" ("id", "websiteId", "visitorId", "sessionKey", "visitNumber", "startedAt",
             "endedAt", "pageviews", "events", "hostname", "entryPath", "exitPath", "referrerName", "device")
           SELECT substr(h, 1, 24), $1, '00000000-0000-4000-8000-' || substr(h, 1, 12), 's' || h, 1, $3::timestamp,
             $3::timestamp, 1, 0, 'bulk.example.com', '/', '/', 'Direct/None', 'desktop' FROM v RETURNING "id", "visitorId")
     INSERT INTO "AnalyticsEvent" ("id", "websiteId", "sessionId", "visitorId", "type", "hostname", "path", "origin", "createdAt")
     SELECT substr(md5("id"), 1, 24), $1, "id", "visitorId", 'pageview', 'bulk.example.com', '/', 'script', $3::timestamp FROM s`,
    [websiteId, n, at.toISOString()],
  );
}

let owner: TestUser;
let member: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  owner = await newUser("dl-owner");
  member = await newUser("dl-member");
  viewer = await newUser("dl-viewer");
});

describe("retention period setting", () => {
  it("is absent until set, validated (30..3650 or null), shown once set, audited", async () => {
    const site = await newWebsite(owner, "dl-setting");
    const before = await api("GET", `/admin/websites/${site}`, { token: owner.token });
    expect(before.status).toBe(200);
    expect(before.data[0]).not.toHaveProperty("retentionDays");
    const put = (body: unknown) => api("PUT", `/admin/websites/${site}`, { token: owner.token, body });
    for (const bad of [29, 3651, 90.5, "90", -1]) {
      const refused = await put({ retentionDays: bad });
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.body.error.details[0].path).toBe("retentionDays");
    }
    const set = await put({ retentionDays: 90 });
    expect(set.status).toBe(200);
    expect(set.data[0]?.retentionDays).toBe(90);
    expect((await api("GET", `/admin/websites/${site}`, { token: owner.token })).data[0]?.retentionDays).toBe(90);
    const cleared = await put({ retentionDays: null });
    expect(cleared.status).toBe(200);
    expect(cleared.data[0]).not.toHaveProperty("retentionDays");
    expect(Object.keys(cleared.data[0] ?? {}).sort()).toEqual(Object.keys(before.data[0] ?? {}).sort());
    const audit = await (await db()).auditEvent.findMany({ where: { websiteId: site, action: "website.updated" } });
    expect(audit.map((a) => a.metadata)).toContainEqual({ changes: ["retentionDays"], retentionDays: 90 });
    // The dashboard saves it through the same procedure.
    await callerFor(owner.id).websites.update({ websiteId: site, changes: { retentionDays: 365 } });
    expect((await callerFor(owner.id).websites.get({ websiteId: site })).retentionDays).toBe(365);
  });
});

describe("retention cutoff", () => {
  it("is the start of the day, in the website's time zone, `days` days before today", () => {
    const now = new Date("2026-03-31T12:00:00Z");
    expect(retentionCutoff(30, "UTC", now).toISOString()).toBe("2026-03-01T00:00:00.000Z");
    // Paris is UTC+1 on March 1st: its midnight is 23:00 UTC the day before.
    expect(retentionCutoff(30, "Europe/Paris", now).toISOString()).toBe("2026-02-28T23:00:00.000Z");
    // Late evening in New York is already the next day in UTC: the local day counts.
    expect(retentionCutoff(1, "America/New_York", new Date("2026-07-02T02:00:00Z")).toISOString()).toBe(
      "2026-06-30T04:00:00.000Z",
    );
  });
});

describe("retention job", () => {
  it("deletes exactly the visits, payments and profiles older than the period, on that website only", async () => {
    const site = await newWebsite(owner, "dl-retention");
    const other = await newWebsite(owner, "dl-retention-other");
    await (await db()).website.update({ where: { id: site }, data: { retentionDays: 30 } });
    const [OLD, RECENT, LATE_GOAL, RETURNING] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    for (const websiteId of [site, other]) {
      // An old visit of two pageviews: goes, with both events.
      await analyticsStore.ingestEvent(pageview({ websiteId, visitorId: OLD, path: "/a", at: daysAgo(40) }));
      await analyticsStore.ingestEvent(pageview({ websiteId, visitorId: OLD, path: "/b", at: daysAgo(40) }));
      // A recent visit: stays.
      await analyticsStore.ingestEvent(pageview({ websiteId, visitorId: RECENT, at: daysAgo(2) }));
      // An old visit with a goal added to it through the API yesterday: stays whole.
      await analyticsStore.ingestEvent(pageview({ websiteId, visitorId: LATE_GOAL, at: daysAgo(50) }));
      await analyticsStore.recordGoal({
        websiteId,
        visitorId: LATE_GOAL,
        name: "late",
        properties: null,
        at: daysAgo(1),
      });
      // A returning visitor: the old visit goes, the new one and the profile stay.
      await analyticsStore.ingestEvent(
        pageview({ websiteId, visitorId: RETURNING, sessionKey: `s1${RETURNING}`, at: daysAgo(45) }),
      );
      await analyticsStore.ingestEvent(
        pageview({ websiteId, visitorId: RETURNING, sessionKey: `s2${RETURNING}`, at: daysAgo(3) }),
      );
      for (const [visitorId, at] of [
        [OLD, daysAgo(40)],
        [RETURNING, daysAgo(45)],
      ] as const) {
        await analyticsStore.identify({ websiteId, visitorId, userId: `u-${visitorId}`, metadata: {}, at });
      }
      for (const [transactionId, at] of [
        ["old", daysAgo(31)],
        ["new", daysAgo(29)],
      ] as const) {
        await analyticsStore.recordPayment({
          websiteId,
          transactionId,
          visitorId: OLD,
          amount: 10,
          currency: "USD",
          renewal: false,
          refunded: false,
          isFreeTrial: false,
          email: null,
          name: null,
          customerId: null,
          at,
        });
      }
    }
    const otherBefore = await counts(other);
    expect(await counts(site)).toEqual({ events: 7, sessions: 5, payments: 2, profiles: 2 });

    const round = await runRetention(NOW);
    expect(round).toMatchObject({ sessions: 2, events: 3, payments: 1, profiles: 1, more: false });
    expect(await counts(site)).toEqual({ events: 4, sessions: 3, payments: 1, profiles: 1 });
    expect(await counts(site, OLD)).toEqual({ events: 0, sessions: 0, payments: 1, profiles: 0 });
    expect(await counts(site, LATE_GOAL)).toEqual({ events: 2, sessions: 1, payments: 0, profiles: 0 });
    expect(await counts(site, RETURNING)).toEqual({ events: 1, sessions: 1, payments: 0, profiles: 1 });
    expect(await counts(other)).toEqual(otherBefore);
    // Metrics over the remaining data agree with the rows: visitors = distinct visitors of the sessions kept.
    const overview = await api("GET", `/analytics/overview?websiteId=${site}&fields=visitors,sessions`, {
      token: owner.token,
    });
    expect(overview.data[0]).toEqual({ visitors: 3, sessions: 3 });
    // A second round finds nothing more.
    expect(await runJob(dataRetention, NOW)).toBe(0);
  });

  it("works in batches of 5,000 with a bounded round, and two rounds at once delete each row once", async () => {
    const site = await newWebsite(owner, "dl-batches");
    // Only this website keeps a retention period here, so the round's budget is all its own.
    await sql(`UPDATE "Website" SET "retentionDays" = NULL WHERE "retentionDays" IS NOT NULL`);
    await (await db()).website.update({ where: { id: site }, data: { retentionDays: 30 } });
    await bulkVisits(site, 12_000, daysAgo(60));
    await bulkVisits(site, 100, daysAgo(1));
    // A visit of 6,000 events: deleted whole, alone in its batch.
    await bulkVisits(site, 1, daysAgo(90));
    await sql(
      `INSERT INTO "AnalyticsEvent" ("id", "websiteId", "sessionId", "visitorId", "type", "hostname", "path", "origin", "createdAt")
       SELECT substr(md5('long' || g::text), 1, 24), s."websiteId", s."id", s."visitorId", 'pageview', 'bulk.example.com', '/', 'script', s."startedAt"
       FROM "AnalyticsSession" s, generate_series(1, 5999) g WHERE s."websiteId" = $1 AND s."startedAt" < $2`,
      [site, daysAgo(80).toISOString()],
    );
    await sql(`UPDATE "AnalyticsSession" SET "pageviews" = 6000 WHERE "websiteId" = $1 AND "startedAt" < $2`, [
      site,
      daysAgo(80).toISOString(),
    ]);
    expect(await runRetention(NOW, 1)).toMatchObject({ sessions: 1, events: 6000, more: true });
    const bounded = await runRetention(NOW, 1);
    expect(bounded).toMatchObject({ sessions: 5000, events: 5000, more: true });
    const [a, b] = await Promise.all([runRetention(NOW), runRetention(NOW)]);
    expect((a?.sessions ?? 0) + (b?.sessions ?? 0)).toBe(7000);
    expect((a?.events ?? 0) + (b?.events ?? 0)).toBe(7000);
    expect(await counts(site)).toMatchObject({ events: 100, sessions: 100 });
    expect(await runRetention(NOW)).toMatchObject({ sessions: 0, events: 0 });
  });
});

describe("visitor erasure", () => {
  let site: string;
  let other: string;
  const V = randomUUID();
  const KEEP = randomUUID();

  async function seed(websiteId: string, visitorId: string) {
    await analyticsStore.ingestEvent(pageview({ websiteId, visitorId, at: daysAgo(1) }));
    await analyticsStore.ingestEvent(
      event({ websiteId, visitorId, type: "custom", name: "signup", at: daysAgo(1), properties: { plan: "pro" } }),
    );
    await analyticsStore.identify({
      websiteId,
      visitorId,
      userId: "u1",
      metadata: { email: "a@example.com" },
      at: NOW,
    });
    await analyticsStore.recordPayment({
      websiteId,
      transactionId: `tx-${visitorId}`,
      visitorId,
      amount: 5,
      currency: "USD",
      renewal: false,
      refunded: false,
      isFreeTrial: false,
      email: "a@example.com",
      name: null,
      customerId: null,
      at: NOW,
    });
  }

  beforeAll(async () => {
    site = await newWebsite(owner, "dl-erase");
    other = await newWebsite(owner, "dl-erase-other");
    await addMember(site, member, "member");
    await addMember(site, viewer, "viewer");
    await seed(site, V);
    await seed(site, KEEP);
    await seed(other, V);
  });

  it("is refused to viewers, tokens without settings:write, out-of-scope tokens and other websites' keys", async () => {
    const path = `/visitors/${V}?websiteId=${site}`;
    const refusedBy = [
      viewer.token,
      await tokenFor(owner.id, ["analytics:read", "goals:write", "payments:write"], [site]),
      await tokenFor(owner.id, ["*"], [other]),
      (await newApiKey(owner, other, "other")).key,
    ];
    for (const token of refusedBy) expect((await api("DELETE", path, { token })).status).toBe(403);
    expect(
      (await refusal(callerFor(viewer.id).dataLifecycle.eraseVisitor({ websiteId: site, visitorId: V }))).code,
    ).toBe("FORBIDDEN");
    expect(await counts(site, V)).toEqual({ events: 2, sessions: 1, payments: 1, profiles: 1 });
    expect((await api("DELETE", `/visitors/not-a-uuid?websiteId=${site}`, { token: owner.token })).status).toBe(400);
  });

  it("deletes only that visitor on that website, in DataFast's envelope, audited without personal data", async () => {
    const token = await tokenFor(owner.id, ["settings:write"], [site]);
    const response = await api("DELETE", `/visitors/${V.toUpperCase()}?websiteId=${site}`, { token });
    expect(response.status, response.text).toBe(200);
    expect(response.body).toEqual({
      status: "success",
      data: [{ deleted: true, visitorId: V, events: 2, sessions: 1, payments: 1, profiles: 1 }],
    });
    expect(await counts(site, V)).toEqual({ events: 0, sessions: 0, payments: 0, profiles: 0 });
    expect(await counts(site, KEEP)).toEqual({ events: 2, sessions: 1, payments: 1, profiles: 1 });
    expect(await counts(other, V)).toEqual({ events: 2, sessions: 1, payments: 1, profiles: 1 });
    const audit = await (await db()).auditEvent.findMany({ where: { websiteId: site, action: "visitor.erased" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ targetType: "visitor", targetId: V, actorType: "accessToken" });
    expect(audit[0]?.metadata).toEqual({ events: 2, sessions: 1, payments: 1, profiles: 1 });
    // Nothing left: 404, and no second audit event.
    expect((await api("DELETE", `/visitors/${V}?websiteId=${site}`, { token })).status).toBe(404);
    expect((await api("GET", `/visitors/${V}?websiteId=${site}`, { token: owner.token })).status).toBe(404);
  });

  it("the dashboard erases through the same service, for members", async () => {
    const result = await callerFor(member.id).dataLifecycle.eraseVisitor({ websiteId: site, visitorId: KEEP });
    expect(result).toMatchObject({ deleted: true, events: 2, sessions: 1, payments: 1, profiles: 1 });
    expect(await counts(site, KEEP)).toEqual({ events: 0, sessions: 0, payments: 0, profiles: 0 });
    const audit = await (await db()).auditEvent.findFirst({ where: { websiteId: site, targetId: KEEP } });
    expect(audit).toMatchObject({ action: "visitor.erased", actorType: "session", userId: member.id });
  });
});

/** RFC 4180 parser (quoted fields, doubled quotes, CRLF inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) throw new Error("CSV does not end with CRLF");
  return rows;
}

describe("export", () => {
  let site: string;
  const HOSTILE = randomUUID();

  beforeAll(async () => {
    site = await newWebsite(owner, "dl-export");
    const other = await newWebsite(owner, "dl-export-other");
    await addMember(site, viewer, "viewer");
    // 2,500 pageviews at one instant in March (ties broken by id across batches), one in April, one in February.
    await bulkVisits(site, 2500, new Date("2026-03-10T12:00:00Z"));
    await bulkVisits(other, 10, new Date("2026-03-10T12:00:00Z"));
    await analyticsStore.ingestEvent(
      pageview({ websiteId: site, visitorId: randomUUID(), at: "2026-04-01T00:00:00Z" }),
    );
    await analyticsStore.ingestEvent(
      pageview({ websiteId: site, visitorId: randomUUID(), at: "2026-02-28T23:59:59Z" }),
    );
    await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: HOSTILE, at: "2026-03-31T23:59:59Z" }));
    await analyticsStore.ingestEvent(
      event({
        websiteId: site,
        visitorId: HOSTILE,
        type: "custom",
        name: "=cmd|' /C calc'!A0",
        path: '/a,"b"\r\nc',
        at: "2026-03-31T23:59:59Z",
        properties: { note: '-2+3, "quoted"\nline' },
      }),
    );
  });

  async function dbCount(start: string, end: string): Promise<number> {
    const [row] = await sql<{ n: string }>(
      `SELECT count(*) AS n FROM "AnalyticsEvent" WHERE "websiteId" = $1 AND "createdAt" BETWEEN $2 AND $3`,
      [site, start, end],
    );
    return Number(row?.n);
  }

  it("CSV: exactly the period's rows, a header, RFC 4180 escaping and the formula guard", async () => {
    const response = await api("GET", `/export?websiteId=${site}&startAt=2026-03-01&endAt=2026-03-31&timezone=UTC`, {
      token: viewer.token,
    });
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/csv");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="dl-export-[0-9a-f]+\.example\.com-events-2026-03-01-2026-03-31\.csv"$/,
    );
    const [header, ...rows] = parseCsv(response.text);
    expect(header?.[0]).toBe("eventId");
    const expected = await dbCount("2026-03-01T00:00:00Z", "2026-03-31T23:59:59.999Z");
    expect(expected).toBe(2502);
    expect(rows).toHaveLength(expected);
    expect(new Set(rows.map((r) => r[0])).size).toBe(expected); // no row twice across batches
    const goal = rows.find((r) => r[header?.indexOf("visitorId") as number] === HOSTILE && r[2] === "custom");
    const col = (name: string) => goal?.[header?.indexOf(name) as number];
    expect(col("name")).toBe("'=cmd|' /C calc'!A0");
    expect(col("path")).toBe('/a,"b"\r\nc');
    expect(JSON.parse(col("properties") as string)).toEqual({ note: '-2+3, "quoted"\nline' });
  });

  it("JSON: the envelope with exactly the period's rows; an instant window too", async () => {
    const response = await api(
      "GET",
      `/export?websiteId=${site}&startAt=2026-03-31T00:00:00Z&endAt=2026-04-01T00:00:00Z&format=json`,
      { token: owner.token },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.body.status).toBe("success");
    expect(response.data).toHaveLength(await dbCount("2026-03-31T00:00:00Z", "2026-04-01T00:00:00Z"));
    expect(response.data).toHaveLength(3);
    expect(response.data.map((row) => row.timestamp)).toEqual([
      "2026-03-31T23:59:59.000Z",
      "2026-03-31T23:59:59.000Z",
      "2026-04-01T00:00:00.000Z",
    ]);
    // Days are read in the website's time zone (Paris): March starts at 23:00 UTC on February 28th.
    const whole = await api("GET", `/export?websiteId=${site}&startAt=2026-03-01&endAt=2026-03-31&format=json`, {
      token: owner.token,
    });
    expect(whole.data).toHaveLength(await dbCount("2026-02-28T23:00:00Z", "2026-03-31T21:59:59.999Z"));
    expect(whole.data).toHaveLength(2501);
    expect(whole.data[0]?.timestamp).toBe("2026-02-28T23:59:59.000Z");
    // Nothing in the period: a header alone, an empty list.
    const empty = await api("GET", `/export?websiteId=${site}&startAt=2020-01-01&endAt=2020-01-31`, {
      token: owner.token,
    });
    expect(empty.text).toBe(`${empty.text.split("\r\n")[0] as string}\r\n`);
  });

  it("payments export", async () => {
    await analyticsStore.recordPayment({
      websiteId: site,
      transactionId: "=HYPERLINK(1)",
      visitorId: HOSTILE,
      amount: 12.5,
      currency: "USD",
      renewal: true,
      refunded: false,
      isFreeTrial: false,
      email: "b@example.com",
      name: "Bob, Jr.",
      customerId: null,
      at: new Date("2026-03-15T00:00:00Z"),
    });
    const json = await api(
      "GET",
      `/export?websiteId=${site}&startAt=2026-03-01&endAt=2026-03-31&dataset=payments&format=json`,
      {
        token: owner.token,
      },
    );
    expect(json.data).toEqual([
      expect.objectContaining({ transactionId: "=HYPERLINK(1)", amount: 12.5, renewal: true, name: "Bob, Jr." }),
    ]);
    const csv = await api("GET", `/export?websiteId=${site}&startAt=2026-03-01&endAt=2026-03-31&dataset=payments`, {
      token: owner.token,
    });
    const [header, row] = parseCsv(csv.text);
    expect(row?.[header?.indexOf("transactionId") as number]).toBe("'=HYPERLINK(1)");
    expect(row?.[header?.indexOf("name") as number]).toBe("Bob, Jr.");
  });

  it("bad parameters are 400 with details, never 500; no access is 403", async () => {
    const bad = [
      "",
      "startAt=2026-03-01",
      "startAt=2026-03-01&endAt=2026-03-31&format=xml",
      "startAt=2026-03-01&endAt=2026-03-31&dataset=sessions",
      "startAt=2026-03-31&endAt=2026-03-01",
      "startAt=2024-01-01&endAt=2026-01-01",
      "startAt=yesterday&endAt=today",
      "startAt=2026-03-01&endAt=2026-03-31&timezone=Mars/Base",
    ];
    for (const query of bad) {
      const response = await api("GET", `/export?websiteId=${site}&${query}`, { token: owner.token });
      expect(response.status, query).toBe(400);
      expect(response.body.status).toBe("error");
    }
    const noRead = await tokenFor(owner.id, ["settings:read", "settings:write"], [site]);
    expect(
      (await api("GET", `/export?websiteId=${site}&startAt=2026-03-01&endAt=2026-03-31`, { token: noRead })).status,
    ).toBe(403);
    expect((await api("GET", `/export?startAt=2026-03-01&endAt=2026-03-31`, { token: owner.token })).status).toBe(400);
  });

  it("CSV cells: quoting and the formula guard", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a "b"')).toBe('"a ""b"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    for (const lead of ["=", "+", "-", "@", "\t"]) expect(csvCell(`${lead}1`)).toBe(`'${lead}1`);
    expect(csvCell("\r1")).toBe(`"'\r1"`);
    expect(csvCell("=1,2")).toBe(`"'=1,2"`);
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });
});
