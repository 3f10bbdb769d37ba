// The Website API's numbers against fixtures computed by hand from the README's metric definitions:
// visitors, sessions, bounce rate, durations, revenue, conversion, breakdown ranks, every filter
// operator, time zones and DST in buckets.
import { beforeAll, describe, expect, it } from "vitest";
import { analyticsStore } from "../src/server/analytics";
import { event, pageview } from "./analytics-fixtures";
import { api, newUser, type TestUser, uniqueDomain } from "./helpers";

const A = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const B = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const C = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

let owner: TestUser;
let site: string;
let paris: string;

async function createSite(timezone: string): Promise<string> {
  const response = await api<{ websiteId: string }>("POST", "/admin/websites", {
    token: owner.token,
    body: { domain: uniqueDomain("metrics"), timezone },
  });
  return (response.data[0] as { websiteId: string }).websiteId;
}

/** GET on the Website API as the owner, on `website`. */
async function get(path: string, website = site) {
  const separator = path.includes("?") ? "&" : "?";
  const response = await api("GET", `${path}${separator}websiteId=${website}`, { token: owner.token });
  return response;
}

const MARCH = "startAt=2026-03-01&endAt=2026-03-31";

async function overview(query = "") {
  const response = await get(`/analytics/overview?${MARCH}${query}`);
  expect(response.status, response.text).toBe(200);
  return response.data[0] as Record<string, number | string>;
}

beforeAll(async () => {
  owner = await newUser("metrics");
  site = await createSite("UTC");
  paris = await createSite("Europe/Paris");
  const us = { countryCode: "US", referrerName: "Google", referrerDomain: "google.com" };
  const fr = { countryCode: "FR", browser: "Mobile Safari", os: "iOS", device: "mobile" };
  const de = {
    countryCode: "DE",
    browser: "Firefox",
    os: "Linux",
    referrerName: "X",
    referrerDomain: "x.com",
    utm: { utmSource: "newsletter", utmMedium: null, utmCampaign: null, utmTerm: null, utmContent: null },
  };
  // In time order, so each visitor's session numbers follow.
  const events = [
    pageview({ websiteId: site, visitorId: A, path: "/", at: "2026-03-02T10:00:00Z", session: us }),
    pageview({ websiteId: site, visitorId: A, path: "/pricing", at: "2026-03-02T10:01:00Z", session: us }),
    event({
      websiteId: site,
      visitorId: A,
      type: "custom",
      name: "signup",
      properties: { plan: "pro" },
      at: "2026-03-02T10:03:00Z",
    }),
    pageview({ websiteId: site, visitorId: B, sessionKey: "sB1", path: "/", at: "2026-03-02T12:00:00Z", session: fr }),
    pageview({
      websiteId: site,
      visitorId: B,
      sessionKey: "sB2",
      path: "/docs",
      at: "2026-03-05T09:00:00Z",
      session: fr,
    }),
    pageview({
      websiteId: site,
      visitorId: B,
      sessionKey: "sB2",
      path: "/pricing",
      at: "2026-03-05T09:00:30Z",
      session: fr,
    }),
    pageview({ websiteId: site, visitorId: C, path: "/pricing", at: "2026-03-10T15:00:00Z", session: de }),
    event({
      websiteId: site,
      visitorId: C,
      type: "external_link",
      properties: { url: "https://github.com/x", text: "GH" },
      at: "2026-03-10T15:00:20Z",
    }),
    // Paris: 28 Mar 23:30 (+01:00), 29 Mar 00:30 (+01:00), 30 Mar 00:30 (+02:00, after the switch to summer time).
    pageview({ websiteId: paris, visitorId: A, path: "/", at: "2026-03-28T22:30:00Z" }),
    pageview({ websiteId: paris, visitorId: B, path: "/", at: "2026-03-28T23:30:00Z" }),
    pageview({ websiteId: paris, visitorId: C, path: "/", at: "2026-03-29T22:30:00Z" }),
  ];
  for (const item of events) await analyticsStore.ingestEvent(item);
  const payments = [
    { amount: 49, currency: "USD", transaction_id: "tx-a", datafast_visitor_id: A, timestamp: "2026-03-02T10:05:00Z" },
    {
      amount: 0,
      currency: "USD",
      transaction_id: "tx-trial",
      datafast_visitor_id: B,
      timestamp: "2026-03-05T09:01:00Z",
    },
    {
      amount: 10,
      currency: "USD",
      transaction_id: "tx-b",
      datafast_visitor_id: B,
      refunded: true,
      timestamp: "2026-03-06T00:00:00Z",
    },
    {
      amount: 20,
      currency: "USD",
      transaction_id: "tx-c",
      datafast_visitor_id: C,
      renewal: true,
      timestamp: "2026-03-11T08:00:00Z",
    },
    { amount: 100, currency: "USD", transaction_id: "tx-x", timestamp: "2026-03-15T00:00:00Z" },
  ];
  for (const body of payments) {
    const response = await api("POST", `/payments?websiteId=${site}`, { token: owner.token, body });
    expect(response.status, response.text).toBe(200);
  }
});

describe("GET /analytics/overview — definitions", () => {
  it("counts visitors, sessions, bounces, mean duration, revenue and conversion as defined", async () => {
    expect(await overview()).toEqual({
      visitors: 3,
      sessions: 4,
      bounce_rate: 25, // B's first session: one pageview, nothing else
      avg_session_duration: 57_500, // (180 000 + 0 + 30 000 + 20 000) / 4 ms
      currency: "$",
      revenue: 169, // new 49 + 100 (unattributed) + renewal 20; the refund and the free trial are not revenue
      payments: 3,
      revenue_per_visitor: 56.33,
      conversion_rate: 66.67, // A and C paid; B only refunded and trialled
    });
  });

  it("fields narrows the row; an unknown field is a 400 naming it", async () => {
    const row = await get(`/analytics/overview?${MARCH}&fields=visitors,bounce_rate`);
    expect(row.data).toEqual([{ visitors: 3, bounce_rate: 25 }]);
    const bad = await get(`/analytics/overview?fields=visitors,unknown`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("unknown");
  });

  it("all-time without dates; one bound alone, a reversed range or a bad time zone is a 400", async () => {
    expect((await get("/analytics/overview?fields=sessions")).data).toEqual([{ sessions: 4 }]);
    for (const query of [
      "startAt=2026-03-01",
      "endAt=2026-03-01",
      "startAt=2026-03-05&endAt=2026-03-01",
      "timezone=Mars/Base",
      "startAt=yesterday&endAt=today",
    ]) {
      const response = await get(`/analytics/overview?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.status).toBe("error");
    }
  });

  it("a window is inclusive of both bounds, as days in the website's time zone or as instants", async () => {
    expect((await get("/analytics/overview?startAt=2026-03-02&endAt=2026-03-02&fields=sessions")).data).toEqual([
      { sessions: 2 },
    ]);
    const instants = "startAt=2026-03-02T10:00:00Z&endAt=2026-03-02T12:00:00.000Z&fields=sessions";
    expect((await get(`/analytics/overview?${instants}`)).data).toEqual([{ sessions: 2 }]);
    const offsets = "startAt=2026-03-02T11:00:00%2B01:00&endAt=2026-03-02T12:59:59%2B01:00&fields=sessions";
    expect((await get(`/analytics/overview?${offsets}`)).data).toEqual([{ sessions: 1 }]);
  });
});

describe("filters — every operator, values ORed, filters ANDed", () => {
  const cases: [string, number, number][] = [
    // query, visitors, sessions
    ["filter_country=US", 1, 1],
    ["filter_country=is:united states of america", 1, 1],
    ["filter_country=Germany,France", 2, 3],
    ["filter_country=is_not:US", 2, 3],
    ["filter_page=contains:PRIC", 3, 3],
    ["filter_page=does_not_contain:pric", 1, 1],
    ["filter_page=/docs", 1, 1],
    ["filter_page=is_not:/docs", 3, 3],
    ["filter_entry_page=/docs", 1, 1],
    ["filter_visit_count=gte:2", 1, 1],
    ["filter_visit_count=lte:1", 3, 3],
    ["filter_visit_count=is:2", 1, 1],
    ["filter_visit_count=is_not:1", 1, 1],
    ["filter_referrer=x", 1, 1],
    ["filter_referrer=www.google.com", 1, 1],
    ["filter_referrer=Direct/None", 1, 2],
    ["filter_goal=signup", 1, 1],
    ["filter_goal=is_not:signup", 2, 3],
    ["filter_device=mobile", 1, 2],
    ["filter_device=is_not:mobile", 2, 2],
    ["filter_browser=Safari", 1, 2],
    ["filter_os=linux", 1, 1],
    ["filter_utm_source=newsletter", 1, 1],
    ["filter_utm_source=contains:letter", 1, 1],
    ["filter_hostname=shop.example.com", 3, 4],
    ["filter_hostname=is_not:shop.example.com", 0, 0],
    ["filter_country=FR&filter_page=/pricing", 1, 1],
  ];
  for (const [query, visitors, sessions] of cases) {
    it(`${query} → ${visitors} visitors, ${sessions} sessions`, async () => {
      const row = await overview(`&${query}&fields=visitors,sessions`);
      expect(row).toEqual({ visitors, sessions });
    });
  }

  it("with filters, revenue counts only the payments of the visitors kept", async () => {
    expect(await overview("&filter_country=US")).toMatchObject({
      revenue: 49,
      payments: 1,
      conversion_rate: 100,
      bounce_rate: 0,
      avg_session_duration: 180_000,
    });
    expect(await overview("&filter_country=is_not:US")).toMatchObject({
      visitors: 2,
      bounce_rate: 33.33,
      avg_session_duration: 16_666.67,
      revenue: 20,
      payments: 1,
      conversion_rate: 50,
    });
  });

  it("refuses operators a filter does not take, and empty values", async () => {
    for (const query of [
      "filter_visit_count=contains:1",
      "filter_visit_count=gte:a",
      "filter_device=gte:1",
      "filter_country=is:",
      "filter_visit_count=gte:1,2",
    ]) {
      const response = await get(`/analytics/overview?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.error.details[0].path).toMatch(/^filter_/);
    }
  });
});

describe("breakdowns — rows, revenue and ranks", () => {
  it("pages: by visitors, then pageviews; revenue of the visitors who viewed the page", async () => {
    const response = await get(`/analytics/pages?${MARCH}`);
    expect(response.body.pagination).toEqual({ limit: 100, offset: 0, total: 3 });
    expect(response.data).toEqual([
      { hostname: "shop.example.com", path: "/pricing", visitors: 3, pageviews: 3, revenue: 69, payments: 2 },
      { hostname: "shop.example.com", path: "/", visitors: 2, pageviews: 2, revenue: 49, payments: 1 },
      { hostname: "shop.example.com", path: "/docs", visitors: 1, pageviews: 1, revenue: 0, payments: 0 },
    ]);
    const page = await get(`/analytics/pages?${MARCH}&limit=1&offset=1&fields=path,visitors`);
    expect(page.data).toEqual([{ path: "/", visitors: 2 }]);
    expect(page.body.pagination).toEqual({ limit: 1, offset: 1, total: 3 });
  });

  it("countries: names, codes and flags; ties broken by sessions, then code", async () => {
    const response = await get(`/analytics/countries?${MARCH}&fields=country,countryCode,image,visitors,revenue`);
    expect(response.data).toEqual([
      { country: "France", countryCode: "FR", image: "/flags/fr.svg", visitors: 1, revenue: 0 },
      { country: "Germany", countryCode: "DE", image: "/flags/de.svg", visitors: 1, revenue: 20 },
      { country: "United States of America", countryCode: "US", image: "/flags/us.svg", visitors: 1, revenue: 49 },
    ]);
  });

  it("referrers, devices, browsers, operating systems, campaigns, exit clicks", async () => {
    const names = async (path: string, key: string) =>
      (await get(`/analytics/${path}?${MARCH}`)).data.map((row) => [row[key], row.visitors]);
    expect(await names("referrers", "referrer")).toEqual([
      ["Direct/None", 1],
      ["Google", 1],
      ["X", 1],
    ]);
    expect(await names("devices", "device")).toEqual([
      ["desktop", 2],
      ["mobile", 1],
    ]);
    expect(await names("browsers", "browser")).toEqual([
      ["Mobile Safari", 1],
      ["Chrome", 1],
      ["Firefox", 1],
    ]);
    expect(await names("operating-systems", "operating_system")).toEqual([
      ["iOS", 1],
      ["Linux", 1],
      ["Windows", 1],
    ]);
    const campaigns = await get(`/analytics/campaigns?${MARCH}`);
    expect(campaigns.data).toEqual([
      {
        campaign: {
          utm_source: "newsletter",
          utm_medium: "",
          utm_campaign: "",
          utm_term: "",
          utm_content: "",
          ref: "",
          source: "",
          via: "",
        },
        visitors: 1,
        revenue: 20,
        payments: 1,
      },
    ]);
    const narrowed = await get(`/analytics/campaigns?${MARCH}&fields=utm_source,visitors`);
    expect(narrowed.data).toEqual([{ campaign: { utm_source: "newsletter" }, visitors: 1 }]);
    expect((await get(`/analytics/exit-clicks?${MARCH}`)).data).toEqual([
      { url: "https://github.com/x", clicks: 1, visitors: 1 },
    ]);
  });

  it("goals and goal properties", async () => {
    expect((await get(`/analytics/goals?${MARCH}`)).data).toEqual([{ goal: "signup", completions: 1, visitors: 1 }]);
    expect((await get(`/analytics/goals?${MARCH}&fields=name,completions`)).data).toEqual([
      { goal: "signup", completions: 1 },
    ]);
    expect((await get(`/analytics/goals/properties?${MARCH}&eventName=signup`)).data).toEqual([
      { property: "plan", completions: 1, visitors: 1 },
    ]);
    expect((await get(`/analytics/goals/properties?eventName=signup&propertyName=plan`)).data).toEqual([
      { property: "plan", value: "pro", completions: 1, visitors: 1 },
    ]);
    expect((await get("/analytics/goals/properties")).status).toBe(400);
  });

  it("limit and offset are bounded", async () => {
    for (const query of ["limit=0", "limit=1001", "offset=-1", "limit=ten"]) {
      expect((await get(`/analytics/pages?${query}`)).status, query).toBe(400);
    }
  });
});

describe("GET /analytics/timeseries — buckets in the time zone", () => {
  it("day buckets with zeros, labels, offsets, totals and the revenue breakdown", async () => {
    const response = await get(
      `/analytics/timeseries?startAt=2026-03-01&endAt=2026-03-03&interval=day&fields=visitors,sessions,revenue,conversion_rate`,
    );
    expect(response.status, response.text).toBe(200);
    const zero = {
      visitors: 0,
      sessions: 0,
      revenue: 0,
      conversion_rate: 0,
      payments: 0,
      revenueBreakdown: { new: 0, renewal: 0, refund: 0 },
    };
    expect(response.body).toEqual({
      status: "success",
      fields: ["visitors", "sessions", "revenue", "conversion_rate"],
      interval: "day",
      timezone: "UTC",
      currency: "$",
      totals: {
        visitors: 2,
        sessions: 2,
        revenue: 49,
        conversion_rate: 50,
        payments: 1,
        revenueBreakdown: { new: 49, renewal: 0, refund: 0 },
      },
      data: [
        { name: "1 Mar", timestamp: "2026-03-01T00:00:00+00:00", ...zero },
        {
          name: "2 Mar",
          timestamp: "2026-03-02T00:00:00+00:00",
          ...zero,
          visitors: 2,
          sessions: 2,
          revenue: 49,
          conversion_rate: 50,
          payments: 1,
          revenueBreakdown: { new: 49, renewal: 0, refund: 0 },
        },
        { name: "3 Mar", timestamp: "2026-03-03T00:00:00+00:00", ...zero },
      ],
      pagination: { limit: 100, offset: 0, total: 3 },
    });
  });

  it("fields and interval are required; without revenue there is no breakdown", async () => {
    expect((await get("/analytics/timeseries?interval=day")).status).toBe(400);
    expect((await get("/analytics/timeseries?fields=visitors")).status).toBe(400);
    expect((await get("/analytics/timeseries?fields=visitors&interval=year")).status).toBe(400);
    const response = await get(
      `/analytics/timeseries?startAt=2026-03-01&endAt=2026-03-02&interval=day&fields=visitors`,
    );
    expect(response.body.currency).toBeNull();
    expect(response.body.data[1]).toEqual({ name: "2 Mar", timestamp: "2026-03-02T00:00:00+00:00", visitors: 2 });
  });

  it("days follow the website's zone across the switch to summer time", async () => {
    const response = await get(
      "/analytics/timeseries?startAt=2026-03-28&endAt=2026-03-30&interval=day&fields=visitors",
      paris,
    );
    expect(response.body.timezone).toBe("Europe/Paris");
    expect(response.body.data).toEqual([
      { name: "28 Mar", timestamp: "2026-03-28T00:00:00+01:00", visitors: 1 },
      { name: "29 Mar", timestamp: "2026-03-29T00:00:00+01:00", visitors: 1 },
      { name: "30 Mar", timestamp: "2026-03-30T00:00:00+02:00", visitors: 1 },
    ]);
    const utc = await get(
      "/analytics/timeseries?startAt=2026-03-28&endAt=2026-03-30&interval=day&fields=visitors&timezone=UTC",
      paris,
    );
    expect(utc.body.data.map((row: { visitors: number }) => row.visitors)).toEqual([2, 1, 0]);
  });

  it("a single day is shown by the hour: 23 hours in spring, 25 in autumn", async () => {
    const spring = await get(
      "/analytics/timeseries?startAt=2026-03-29&endAt=2026-03-29&interval=day&fields=visitors",
      paris,
    );
    expect(spring.body.interval).toBe("hour");
    expect(spring.body.pagination.total).toBe(23);
    expect(spring.body.data.slice(0, 3)).toEqual([
      { name: "29 Mar 00:00", timestamp: "2026-03-29T00:00:00+01:00", visitors: 1 },
      { name: "29 Mar 01:00", timestamp: "2026-03-29T01:00:00+01:00", visitors: 0 },
      { name: "29 Mar 03:00", timestamp: "2026-03-29T03:00:00+02:00", visitors: 0 },
    ]);
    const autumn = await get(
      "/analytics/timeseries?startAt=2026-10-25&endAt=2026-10-25&interval=hour&fields=visitors",
      paris,
    );
    expect(autumn.body.pagination.total).toBe(25);
    expect(autumn.body.data.slice(2, 4).map((row: { timestamp: string }) => row.timestamp)).toEqual([
      "2026-10-25T02:00:00+02:00",
      "2026-10-25T02:00:00+01:00",
    ]);
  });

  it("weeks start on Monday and months on the 1st, in the zone", async () => {
    const weeks = await get(
      "/analytics/timeseries?startAt=2026-03-28&endAt=2026-03-30&interval=week&fields=visitors",
      paris,
    );
    expect(weeks.body.data).toEqual([
      { name: "23 Mar", timestamp: "2026-03-23T00:00:00+01:00", visitors: 2 },
      { name: "30 Mar", timestamp: "2026-03-30T00:00:00+02:00", visitors: 1 },
    ]);
    const months = await get(
      "/analytics/timeseries?startAt=2026-03-01&endAt=2026-04-30&interval=month&fields=visitors",
      paris,
    );
    expect(months.body.data).toEqual([
      { name: "Mar 2026", timestamp: "2026-03-01T00:00:00+01:00", visitors: 3 },
      { name: "Apr 2026", timestamp: "2026-04-01T00:00:00+02:00", visitors: 0 },
    ]);
  });

  it("a whole UTC day given as instants counts as that calendar day in the zone", async () => {
    const response = await get(
      "/analytics/overview?startAt=2026-03-29T00:00:00Z&endAt=2026-03-29T23:59:59Z&fields=visitors",
      paris,
    );
    expect(response.data).toEqual([{ visitors: 1 }]);
    const asUtc = await get(
      "/analytics/overview?startAt=2026-03-29&endAt=2026-03-29&fields=visitors&timezone=UTC",
      paris,
    );
    expect(asUtc.data).toEqual([{ visitors: 1 }]);
  });
});

describe("funnels, visitors", () => {
  it("funnel analytics: visitors per step in order, drop-off, revenue, conversion", async () => {
    const created = await api("POST", `/admin/websites/${site}/funnels`, {
      token: owner.token,
      body: {
        name: "Signup",
        steps: [
          { name: "Home", type: "pageview", url: "/" },
          { name: "Pricing", type: "pageview", url: "https://shop.example.com/pric*" },
          { name: "Signed up", type: "goal", goalName: "signup" },
        ],
      },
    });
    const funnelId = created.data[0]?._id as string;
    const response = await get(`/analytics/funnels/${funnelId}?${MARCH}`);
    expect(response.status, response.text).toBe(200);
    expect(response.body.data).toMatchObject({
      funnelId,
      name: "Signup",
      conversionRate: 50,
      steps: [
        { name: "Home", visitors: 2, dropoff: 0, conversionRate: 100, revenue: 49 },
        { name: "Pricing", visitors: 2, dropoff: 0, conversionRate: 100, revenue: 49 },
        { name: "Signed up", visitors: 1, dropoff: 1, conversionRate: 50, revenue: 49 },
      ],
    });
    await api("DELETE", `/admin/websites/${site}/funnels/${funnelId}`, { token: owner.token });
    expect((await get(`/analytics/funnels/${funnelId}`)).status).toBe(404);
  });

  it("visitors: most recently seen first, paged with hasMore, searchable", async () => {
    const first = await get(`/visitors?${MARCH}&limit=2`);
    expect(first.data.map((row) => row.visitorId)).toEqual([C, B]);
    expect(first.body.pagination).toEqual({ offset: 0, limit: 2, hasMore: true });
    const second = await get(`/visitors?${MARCH}&limit=2&offset=2`);
    expect(second.data.map((row) => row.visitorId)).toEqual([A]);
    expect(second.body.pagination.hasMore).toBe(false);
    expect(first.data[0]).toMatchObject({
      visitorId: C,
      lastSeenAt: "2026-03-10T15:00:20.000Z",
      currentUrl: "shop.example.com/pricing",
      identity: { country: "Germany", browser: "Firefox", os: "Linux", device: "desktop" },
      acquisition: { referrer: "X", utm_source: "newsletter" },
    });
    const ids = async (query: string) => (await get(`/visitors?${query}`)).data.map((row) => row.visitorId);
    expect(await ids("isCustomer=true")).toEqual([C, A]);
    expect(await ids("hasRevenue=false")).toEqual([B]);
    expect(await ids("country=FR")).toEqual([B]);
    expect(await ids("visitedPage=/docs")).toEqual([B]);
    expect(await ids("pageContains=pric")).toEqual([C, B, A]);
    expect(await ids("completedGoal=signup")).toEqual([A]);
    expect((await get("/visitors?limit=251")).status).toBe(400);
    expect((await get("/visitors?goal=signup&isCustomer=true")).status).toBe(400);
  });

  it("one visitor: identity, activity, goals and payments; unknown → 404, not a UUID → 400", async () => {
    const response = await get(`/visitors/${B.toUpperCase()}`);
    expect(response.status, response.text).toBe(200);
    const visitor = response.body.data;
    expect(visitor.visitorId).toBe(B);
    expect(visitor.identity).toMatchObject({
      countryCode: "FR",
      country: "France",
      browser: { name: "Mobile Safari" },
      device: { type: "mobile" },
    });
    expect(visitor.activity).toMatchObject({
      visitCount: 2,
      pageViewCount: 3,
      firstVisitAt: "2026-03-02T12:00:00.000Z",
      lastVisitAt: "2026-03-05T09:00:30.000Z",
      currentUrl: "shop.example.com/pricing",
    });
    expect(visitor.activity.visitedPages.map((page: { url: string }) => page.url)).toEqual([
      "shop.example.com/",
      "shop.example.com/docs",
      "shop.example.com/pricing",
    ]);
    expect(
      visitor.activity.completedGoals.map((goal: { name: string; origin: string }) => [goal.name, goal.origin]),
    ).toEqual([
      ["free_trial", "payment_provider"],
      ["payment", "payment_provider"],
    ]);
    expect(visitor.payments.map((payment: { transactionId: string }) => payment.transactionId)).toEqual([
      "tx-trial",
      "tx-b",
    ]);
    expect(visitor.profile).toBeNull();
    expect((await get("/visitors/dddddddd-dddd-4ddd-8ddd-dddddddddddd")).status).toBe(404);
    expect((await get("/visitors/not-a-uuid")).status).toBe(400);
  });
});
