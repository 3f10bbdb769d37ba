// The dashboard's Overview, Settings and deletion through tRPC, on the same services as REST: the
// same numbers as the Website API, the same validation messages, the public dashboard decided by the
// policy engine, and what deleting a website takes with it.
import { beforeAll, describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import { analyticsStore } from "../src/server/analytics";
import { resolvePeriod } from "../src/server/services/dashboard/period";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "./helpers";
import { FIXTURE_RANGE, FIXTURE_TOTALS, overviewFixture } from "./overview-fixture";
import { callerFor, refusal } from "./trpc-caller";

let owner: TestUser;
let site: string;

beforeAll(async () => {
  owner = await newUser("dash-owner");
  site = await newWebsite(owner, "dash");
  const { events, payments } = overviewFixture(site);
  for (const item of events) await analyticsStore.ingestEvent(item);
  for (const payment of payments) await analyticsStore.recordPayment(payment);
});

describe("Overview through tRPC", () => {
  it("the headline numbers of a custom period, in the website's time zone, match the hand-computed fixture", async () => {
    const summary = await callerFor(owner.id).overview.summary({ websiteId: site, range: FIXTURE_RANGE, filters: {} });
    expect(summary.totals).toEqual(FIXTURE_TOTALS.all);
    expect(summary.period).toEqual({ from: "2026-03-02", to: "2026-03-03", interval: "day" });
    expect(summary.series.map((bucket) => [bucket.name, bucket.visitors, bucket.revenue])).toEqual([
      ["2 Mar", 2, 49],
      ["3 Mar", 3, 30],
    ]);
  });

  it("says the same as GET /analytics/overview for the same window and filter", async () => {
    const query = "startAt=2026-03-02&endAt=2026-03-03&filter_country=FR";
    const rest = await api("GET", `/analytics/overview?websiteId=${site}&${query}`, { token: owner.token });
    const summary = await callerFor(owner.id).overview.summary({
      websiteId: site,
      range: FIXTURE_RANGE,
      filters: { country: "FR" },
    });
    expect(summary.totals).toEqual(FIXTURE_TOTALS.france);
    expect(rest.data[0]).toMatchObject({
      visitors: summary.totals.visitors,
      bounce_rate: summary.totals.bounceRate,
      avg_session_duration: summary.totals.avgSessionDurationMs,
      revenue: summary.totals.revenue,
      conversion_rate: summary.totals.conversionRate,
    });
  });

  it("top lists: rows carry the value a click filters on, and a filter narrows every list", async () => {
    const caller = callerFor(owner.id);
    const input = { websiteId: site, range: FIXTURE_RANGE, filters: {} };
    const countries = await caller.overview.breakdown({ ...input, dimension: "countries" });
    expect(countries.rows.map((row) => [row.label, row.filter, row.visitors])).toEqual([
      ["France", "FR", 2],
      ["United States of America", "US", 2],
      ["Germany", "DE", 1],
    ]);
    const referrers = await caller.overview.breakdown({ ...input, filters: { country: "FR" }, dimension: "referrers" });
    expect(referrers.rows.map((row) => [row.filter, row.visitors]).sort()).toEqual([
      ["Direct/None", 1],
      ["Google", 1],
    ]);
    const pages = await caller.overview.breakdown({ ...input, filters: { device: "mobile" }, dimension: "pages" });
    expect(pages.rows.map((row) => row.filter).sort()).toEqual(["/", "/docs", "/docs/start"]);
  });

  it("a bad custom period is refused with a message for people", async () => {
    const error = await refusal(
      callerFor(owner.id).overview.summary({
        websiteId: site,
        range: { period: "custom", from: "2026-03-05", to: "2026-03-01" },
        filters: {},
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect((error.cause as ZodError).issues[0]?.message).toBe("The first day must not be after the last");
  });
});

describe("the public dashboard, decided by the policy engine", () => {
  it("while the switch is off, a signed-out visitor and a signed-in stranger are refused; on, they read the Overview only", async () => {
    const stranger = await newUser("dash-stranger");
    const anonymous = callerFor(null);
    const input = { websiteId: site, range: FIXTURE_RANGE, filters: {} };
    for (const caller of [anonymous, callerFor(stranger.id)]) {
      const error = await refusal(caller.overview.summary(input));
      expect(error.code).toBe("FORBIDDEN");
    }
    expect((await refusal(anonymous.overview.site({ websiteId: site }))).message).toBe(
      "This website's dashboard is not public",
    );

    await callerFor(owner.id).websites.update({ websiteId: site, changes: { publicDashboard: true } });
    try {
      expect((await anonymous.overview.summary(input)).totals).toEqual(FIXTURE_TOTALS.all);
      expect(await anonymous.overview.site({ websiteId: site })).toMatchObject({ id: site, timezone: "Europe/Paris" });
      expect((await callerFor(stranger.id).overview.breakdown({ ...input, dimension: "pages" })).rows.length).toBe(4);
      // Nothing else of the website: settings, keys, team, the install signal.
      expect((await refusal(anonymous.websites.get({ websiteId: site }))).code).toBe("UNAUTHORIZED");
      expect((await refusal(anonymous.apiKeys.list({ websiteId: site }))).code).toBe("UNAUTHORIZED");
      expect((await refusal(anonymous.overview.firstEvent({ websiteId: site }))).code).toBe("UNAUTHORIZED");
      expect((await refusal(callerFor(stranger.id).websites.get({ websiteId: site }))).code).toBe("FORBIDDEN");
      expect((await refusal(callerFor(stranger.id).team.list({ websiteId: site }))).code).toBe("FORBIDDEN");
    } finally {
      await callerFor(owner.id).websites.update({ websiteId: site, changes: { publicDashboard: false } });
    }
    expect((await refusal(anonymous.overview.realtime({ websiteId: site }))).code).toBe("FORBIDDEN");
  });

  it("an unknown website gets the same refusal as a private one", async () => {
    const error = await refusal(callerFor(null).overview.site({ websiteId: "0123456789abcdef01234567" }));
    expect(error.message).toBe("This website's dashboard is not public");
  });
});

describe("the install panel's signal", () => {
  it("turns true with the first collected event; viewers may ask, strangers may not", async () => {
    const viewer = await newUser("dash-viewer");
    const fresh = await newWebsite(owner, "fresh");
    await addMember(fresh, viewer, "viewer");
    expect(await callerFor(viewer.id).overview.firstEvent({ websiteId: fresh })).toEqual({ received: false });
    const [first] = overviewFixture(fresh).events;
    if (first) await analyticsStore.ingestEvent(first);
    expect(await callerFor(owner.id).overview.firstEvent({ websiteId: fresh })).toEqual({ received: true });
    const stranger = await newUser("dash-stranger2");
    expect((await refusal(callerFor(stranger.id).overview.firstEvent({ websiteId: fresh }))).code).toBe("FORBIDDEN");
  });
});

describe("settings through tRPC", () => {
  it("round-trip, and a bad CIDR is refused with REST's message; nothing changes", async () => {
    const websiteId = await newWebsite(owner, "settings");
    const caller = callerFor(owner.id);
    const saved = await caller.websites.update({
      websiteId,
      changes: {
        currency: "EUR",
        excludedIps: ["203.0.113.7", "10.0.0.0/8"],
        excludedPaths: ["/admin/*"],
        excludedCountries: ["FR"],
        allowedHostnames: ["*.example.org"],
      },
    });
    expect(saved).toMatchObject({ currency: "EUR", excludedIps: ["203.0.113.7", "10.0.0.0/8"] });
    expect(await caller.websites.get({ websiteId })).toMatchObject({
      currency: "EUR",
      excludedPaths: ["/admin/*"],
      allowedHostnames: ["*.example.org"],
    });

    const bad = { excludedIps: ["10.0.0.0/33"] };
    const error = await refusal(caller.websites.update({ websiteId, changes: bad }));
    const rest = await api("PUT", `/admin/websites/${websiteId}`, { token: owner.token, body: bad });
    expect(error.code).toBe("BAD_REQUEST");
    expect(rest.status).toBe(400);
    const issues = (error.cause as ZodError).issues.map((issue) => [issue.path.slice(1).join("."), issue.message]);
    expect(issues).toEqual(rest.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]));
    expect(issues).toEqual([["excludedIps.0", "Must be an IP address or CIDR range"]]);
    expect((await caller.websites.get({ websiteId })).excludedIps).toEqual(["203.0.113.7", "10.0.0.0/8"]);
  });

  it("a viewer is refused with the same message as REST", async () => {
    const viewer = await newUser("dash-settings-viewer");
    const websiteId = await newWebsite(owner, "settings-viewer");
    await addMember(websiteId, viewer, "viewer");
    const error = await refusal(callerFor(viewer.id).websites.update({ websiteId, changes: { currency: "EUR" } }));
    const rest = await api("PUT", `/admin/websites/${websiteId}`, { token: viewer.token, body: { currency: "EUR" } });
    expect(error.message).toBe(rest.body.error.message);
    expect(error.message).toBe("Missing permission: settings:write");
  });
});

describe("deleting a website", () => {
  it("owners only (members are refused as over REST's owner-only routes); REST DELETE stays 403 for everyone", async () => {
    const member = await newUser("dash-del-member");
    const websiteId = await newWebsite(owner, "keep");
    await addMember(websiteId, member, "member");
    const error = await refusal(callerFor(member.id).websites.delete({ websiteId, confirmDomain: "whatever" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toBe("Only an owner of this website can do this");
    expect((await callerFor(member.id).websites.get({ websiteId })).canDelete).toBe(false);
    expect((await callerFor(owner.id).websites.get({ websiteId })).canDelete).toBe(true);
    const rest = await api("DELETE", `/admin/websites/${websiteId}`, { token: owner.token });
    expect(rest.status).toBe(403);
    expect(await (await db()).website.count({ where: { id: websiteId } })).toBe(1);
  });

  it("the typed domain must match; then keys, events and memberships go, and tokens never widen", async () => {
    const prisma = await db();
    const websiteId = await newWebsite(owner, "doomed");
    const other = await newWebsite(owner, "other");
    const { domain } = await callerFor(owner.id).websites.get({ websiteId });
    const key = await newApiKey(owner, websiteId);
    for (const item of overviewFixture(websiteId).events) await analyticsStore.ingestEvent(item);
    const onlyThis = await tokenFor(owner.id, ["*"], [websiteId]);
    const thisAndOther = await tokenFor(owner.id, ["*"], [websiteId, other]);
    const everywhere = await tokenFor(owner.id, ["*"], []);

    const wrong = await refusal(callerFor(owner.id).websites.delete({ websiteId, confirmDomain: "other.example.com" }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(wrong.message).toBe(`Type ${domain} to confirm`);
    expect(await prisma.website.count({ where: { id: websiteId } })).toBe(1);

    const result = await callerFor(owner.id).websites.delete({ websiteId, confirmDomain: ` ${domain.toUpperCase()} ` });
    expect(result).toEqual({ deleted: true, domain, tokensRevoked: 1 });
    expect(await prisma.website.count({ where: { id: websiteId } })).toBe(0);
    expect(await prisma.analyticsEvent.count({ where: { websiteId } })).toBe(0);
    expect(await prisma.analyticsSession.count({ where: { websiteId } })).toBe(0);
    expect(await prisma.membership.count({ where: { websiteId } })).toBe(0);
    expect(await prisma.websiteApiKey.count({ where: { websiteId } })).toBe(0);

    // The website key stops at once.
    expect((await api("GET", "/analytics/overview", { token: key.key })).status).toBe(401);
    // A token scoped to this website alone is revoked: an empty list would mean every website.
    expect((await api("GET", "/admin/websites", { token: onlyThis })).status).toBe(401);
    // A token scoped to this one and another keeps the other only.
    const scoped = await api<{ _id: string }>("GET", "/admin/websites", { token: thisAndOther });
    expect(scoped.data.map((w) => w._id)).toEqual([other]);
    const stored = await prisma.accessToken.findMany({
      where: { userId: owner.id, websiteIds: { has: websiteId } },
      select: { id: true },
    });
    expect(stored).toEqual([]);
    // An unscoped token is untouched.
    expect((await api("GET", "/admin/websites", { token: everywhere })).status).toBe(200);

    const audit = await prisma.auditEvent.findMany({
      where: { websiteId, action: { in: ["website.deleted", "access_token.revoked"] } },
      select: { action: true, actorType: true, userId: true, metadata: true },
      orderBy: { createdAt: "asc" },
    });
    expect(audit).toEqual([
      {
        action: "access_token.revoked",
        actorType: "session",
        userId: owner.id,
        metadata: { reason: "website_deleted" },
      },
      {
        action: "website.deleted",
        actorType: "session",
        userId: owner.id,
        metadata: { domain, name: "doomed", tokensRevoked: 1, tokensRescoped: 1 },
      },
    ]);
  });
});

describe("the Overview's periods", () => {
  it("rolling periods end today in the website's time zone; the bucket follows the length", () => {
    // 23:30 UTC on 31 Dec is already 1 January in Paris.
    const now = new Date("2026-12-31T23:30:00Z");
    expect(resolvePeriod({ period: "today" }, "Europe/Paris", now)).toEqual({
      from: "2027-01-01",
      to: "2027-01-01",
      interval: "hour",
    });
    expect(resolvePeriod({ period: "7d" }, "Europe/Paris", now)).toEqual({
      from: "2026-12-26",
      to: "2027-01-01",
      interval: "day",
    });
    expect(resolvePeriod({ period: "30d" }, "America/New_York", now).to).toBe("2026-12-31");
    expect(resolvePeriod({ period: "90d" }, "UTC", now)).toMatchObject({ from: "2026-10-03", interval: "day" });
    expect(resolvePeriod({ period: "custom", from: "2025-01-01", to: "2026-06-30" }, "UTC", now).interval).toBe("week");
    expect(resolvePeriod({ period: "custom", from: "2020-01-01", to: "2026-06-30" }, "UTC", now).interval).toBe(
      "month",
    );
  });
});
