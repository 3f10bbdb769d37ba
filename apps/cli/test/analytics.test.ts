// The Website API through the CLI: which website is asked for, --period in the website's time zone,
// --filter, and the reply shapes of --json (data, or the whole body where it has pagination).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { analyticsStore } from "../../web/src/server/analytics";
import { pageview } from "../../web/test/analytics-fixtures";
import { api, newApiKey, newUser, newWebsite, type TestUser, tokenFor } from "../../web/test/helpers";
import { periodRange } from "../src/lib/period";
import { cli } from "./cli";

let owner: TestUser;
let site: string;
let key: string;
const today = randomUUID();
const lastMonth = randomUUID();
const as = (token: string, website?: string) => ({
  env: { KEYGATE_TOKEN: token, ...(website ? { KEYGATE_WEBSITE: website } : {}) },
});

beforeAll(async () => {
  owner = await newUser("cli-analytics");
  site = await newWebsite(owner, "cli-analytics");
  key = (await newApiKey(owner, site)).key;
  const now = Date.now();
  await analyticsStore.ingestEvent(
    pageview({
      websiteId: site,
      visitorId: today,
      path: "/docs",
      at: new Date(now - 1000),
      session: { countryCode: "US" },
    }),
  );
  await analyticsStore.ingestEvent(
    pageview({
      websiteId: site,
      visitorId: today,
      path: "/pricing",
      at: new Date(now - 500),
      session: { countryCode: "US" },
    }),
  );
  await analyticsStore.ingestEvent(
    pageview({
      websiteId: site,
      visitorId: lastMonth,
      path: "/",
      at: new Date(now - 20 * 86_400_000),
      session: { countryCode: "FR" },
    }),
  );
});

describe("--period", () => {
  it("counts calendar days in the time zone, both ends included; last24h is instants", () => {
    const now = new Date("2026-03-01T23:30:00Z");
    expect(periodRange("today", "Pacific/Auckland", now)).toEqual({ startAt: "2026-03-02", endAt: "2026-03-02" });
    expect(periodRange("today", "America/Los_Angeles", now)).toEqual({ startAt: "2026-03-01", endAt: "2026-03-01" });
    expect(periodRange("yesterday", "UTC", now)).toEqual({ startAt: "2026-02-28", endAt: "2026-02-28" });
    expect(periodRange("last7d", "Pacific/Auckland", now)).toEqual({ startAt: "2026-02-24", endAt: "2026-03-02" });
    expect(periodRange("last30d", "UTC", now)).toEqual({ startAt: "2026-01-31", endAt: "2026-03-01" });
    expect(periodRange("last90d", "UTC", now)).toEqual({ startAt: "2025-12-02", endAt: "2026-03-01" });
    expect(periodRange("last12m", "UTC", now)).toEqual({ startAt: "2025-04-01", endAt: "2026-03-01" });
    expect(periodRange("last24h", "UTC", now)).toEqual({
      startAt: "2026-02-28T23:30:00.000Z",
      endAt: now.toISOString(),
    });
    expect(periodRange("all", "UTC", now)).toEqual({});
  });

  it("last7d asks the API for the website's days: the same answer as the dates sent by hand", async () => {
    const range = periodRange("last7d", "Europe/Paris");
    const byHand = await api(
      "GET",
      `/analytics/overview?websiteId=${site}&startAt=${range.startAt}&endAt=${range.endAt}`,
      {
        token: owner.token,
      },
    );
    const result = await cli(["analytics", "overview", "--period", "last7d", "--json"], as(owner.token, site));
    expect(result.code, result.stderr).toBe(0);
    expect(result.json()).toEqual(byHand.data);
    expect(result.json()[0]).toMatchObject({ visitors: 1 });
    const month = await cli(["analytics", "overview", "--period", "last30d", "--json"], as(owner.token, site));
    expect(month.json()[0]).toMatchObject({ visitors: 2 });
  });

  it("--period with --start, or --start alone, is a usage error; an unknown period too", async () => {
    const both = await cli(
      ["analytics", "overview", "--period", "today", "--start", "2026-01-01", "--end", "2026-01-02"],
      as(owner.token, site),
    );
    expect(both.code).toBe(2);
    expect((await cli(["analytics", "overview", "--start", "2026-01-01"], as(owner.token, site))).code).toBe(2);
    const unknown = await cli(["analytics", "overview", "--period", "lastweek"], as(owner.token, site));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Allowed choices are today, yesterday, last24h");
  });

  it("--start/--end take dates or ISO instants; the API's 400 on a bad date is exit 2", async () => {
    const dates = await cli(
      ["analytics", "overview", "--start", "2020-01-01", "--end", "2020-01-31", "--json"],
      as(owner.token, site),
    );
    expect(dates.json()[0]).toMatchObject({ visitors: 0 });
    const bad = await cli(["analytics", "overview", "--start", "yesterday", "--end", "today"], as(owner.token, site));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Error: .*startAt/);
  });
});

describe("which website", () => {
  it("a df_ key needs no website; an account token without one and without a terminal is exit 2", async () => {
    const byKey = await cli(["analytics", "overview", "--json"], as(key));
    expect(byKey.code, byKey.stderr).toBe(0);
    expect(byKey.json()[0]).toMatchObject({ visitors: 2 });
    const none = await cli(["analytics", "overview"], as(owner.token));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("Missing --website");
    const flag = await cli(["analytics", "overview", "--website", site, "--json"], as(owner.token));
    expect(flag.json()[0]).toMatchObject({ visitors: 2 });
  });

  it("a token without analytics:read gets exit 4", async () => {
    const token = await tokenFor(owner.id, ["websites:read"]);
    expect((await cli(["analytics", "overview"], as(token, site))).code).toBe(4);
  });
});

describe("reports", () => {
  it("--filter country=US becomes filter_country; an unknown filter name is exit 2", async () => {
    const us = await cli(["analytics", "overview", "--filter", "country=US", "--json"], as(key));
    expect(us.json()[0]).toMatchObject({ visitors: 1 });
    const docs = await cli(["analytics", "pages", "--filter", "page=contains:/doc", "--json"], as(key));
    expect(
      docs
        .json()
        .data.map((row: { path: string }) => row.path)
        .sort(),
    ).toEqual(["/docs", "/pricing"]);
    const bad = await cli(["analytics", "overview", "--filter", "planet=mars"], as(key));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("country, region, city");
  });

  it("breakdowns: --json is the whole body with pagination; the table says how to page", async () => {
    const json = await cli(["analytics", "pages", "--limit", "1", "--json"], as(key));
    expect(json.json()).toEqual({
      status: "success",
      data: [expect.objectContaining({ visitors: 1 })],
      pagination: { limit: 1, offset: 0, total: 3 },
    });
    const table = await cli(["analytics", "countries"], as(key));
    expect(table.stdout).toContain("United States");
    expect(table.stdout).not.toContain("/flags/");
    const paged = await cli(["analytics", "pages", "--limit", "1"], as(key));
    expect(paged.stdout).toContain("Rows 1–1 of 3");
  });

  it("timeseries: whole body with totals; the table has one row per bucket", async () => {
    const json = await cli(["analytics", "timeseries", "--period", "last7d", "--json"], as(key));
    expect(json.code, json.stderr).toBe(0);
    const body = json.json();
    expect(body).toMatchObject({ interval: "day", timezone: "Europe/Paris", totals: { visitors: 1 } });
    expect(body.data).toHaveLength(7);
    expect(body.fields).toEqual(["visitors", "sessions", "revenue", "payments", "conversion_rate"]);
    const table = await cli(
      ["analytics", "timeseries", "--period", "last7d", "--interval", "day", "--fields", "visitors"],
      as(key),
    );
    expect(table.stdout).toMatch(/Totals: visitors 1/);
  });

  it("realtime, realtime-map, metadata, goals and a funnel answer in their shapes", async () => {
    expect((await cli(["analytics", "realtime", "--json"], as(key))).json()).toEqual([{ visitors: 1 }]);
    const map = (await cli(["analytics", "realtime-map", "--json"], as(key))).json();
    expect(Array.isArray(map)).toBe(false);
    expect(typeof map).toBe("object");
    const metadata = (await cli(["analytics", "metadata", "--fields", "timezone,currency", "--json"], as(key))).json();
    expect(metadata).toEqual([{ timezone: "Europe/Paris", currency: "USD" }]);
    expect((await cli(["analytics", "goals", "--json"], as(key))).json()).toMatchObject({ data: [], pagination: {} });

    const funnel = await cli(
      ["funnels", "create", "--name", "Docs", "--step", "pageview:/docs", "--step", "pageview:/pricing", "--json"],
      as(owner.token, site),
    );
    const funnelId = funnel.json()[0]._id;
    const result = await cli(["analytics", "funnel", funnelId, "--json"], as(key));
    expect(result.code, result.stderr).toBe(0);
    expect(result.json().steps.map((step: { visitors: number }) => step.visitors)).toEqual([1, 1]);
    const table = await cli(["analytics", "funnel", funnelId], as(key));
    expect(table.stdout).toContain("steps:");
  });

  it("visitors list (whole body, plain filter names) and get (an object)", async () => {
    const list = await cli(["visitors", "list", "--filter", "country=US", "--json"], as(key));
    expect(list.code, list.stderr).toBe(0);
    expect(list.json()).toMatchObject({ data: [{ visitorId: today }], pagination: { hasMore: false } });
    const one = await cli(["visitors", "get", today, "--json"], as(key));
    expect(one.json()).toMatchObject({ visitorId: today });
    const table = await cli(["visitors", "get", today], as(key));
    expect(table.stdout).toContain(today);
    expect((await cli(["visitors", "get", randomUUID()], as(key))).code).toBe(5);
  });
});
