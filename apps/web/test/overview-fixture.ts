// A small week-end of traffic for the dashboard's Overview, in Europe/Paris (UTC+1 in early March),
// with its numbers worked out by hand. Used by the tRPC tests and, through e2e/seed-overview.ts, by
// the browser tests.
import type { PaymentInput } from "../src/server/analytics";
import { pageview } from "./analytics-fixtures";

const VISITOR = {
  A: "a0a0a0a0-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
  B: "b0b0b0b0-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
  C: "c0c0c0c0-cccc-4ccc-8ccc-cccccccccccc",
  D: "d0d0d0d0-dddd-4ddd-8ddd-dddddddddddd",
  E: "e0e0e0e0-eeee-4eee-8eee-eeeeeeeeeeee",
  F: "f0f0f0f0-ffff-4fff-8fff-ffffffffffff",
};

const google = { referrerName: "Google", referrerDomain: "google.com", referrer: "https://www.google.com/" };
const x = { referrerName: "X", referrerDomain: "x.com", referrer: "https://x.com/" };
const mobile = { device: "mobile", browser: "Mobile Safari", os: "iOS" };

/** The period the numbers below are for: 2 and 3 March 2026, Paris time. */
export const FIXTURE_RANGE = { period: "custom", from: "2026-03-02", to: "2026-03-03" } as const;

export function overviewFixture(websiteId: string) {
  const events = [
    // A, France, Google: two pages two minutes apart, then pays 49.
    pageview({
      websiteId,
      visitorId: VISITOR.A,
      path: "/",
      at: "2026-03-02T09:00:00Z",
      session: { countryCode: "FR", ...google },
    }),
    pageview({ websiteId, visitorId: VISITOR.A, path: "/pricing", at: "2026-03-02T09:02:00Z" }),
    // B, United States, mobile, direct: one page (a bounce).
    pageview({
      websiteId,
      visitorId: VISITOR.B,
      path: "/",
      at: "2026-03-02T10:00:00Z",
      session: { countryCode: "US", ...mobile },
    }),
    // C, United States, X: two pages a minute apart, then pays 30.
    pageview({
      websiteId,
      visitorId: VISITOR.C,
      path: "/pricing",
      at: "2026-03-03T08:00:00Z",
      session: { countryCode: "US", ...x },
    }),
    pageview({ websiteId, visitorId: VISITOR.C, path: "/", at: "2026-03-03T08:01:00Z" }),
    // D, France, mobile, direct: two pages 30 seconds apart.
    pageview({
      websiteId,
      visitorId: VISITOR.D,
      path: "/docs",
      at: "2026-03-03T11:00:00Z",
      session: { countryCode: "FR", ...mobile },
    }),
    pageview({ websiteId, visitorId: VISITOR.D, path: "/docs/start", at: "2026-03-03T11:00:30Z" }),
    // E, Germany, Google: 23:30 in Paris on the 3rd — inside the period; a bounce.
    pageview({
      websiteId,
      visitorId: VISITOR.E,
      path: "/",
      at: "2026-03-03T22:30:00Z",
      session: { countryCode: "DE", ...google },
    }),
    // F: 23:30 UTC on the 3rd is 00:30 on the 4th in Paris — outside the period.
    pageview({
      websiteId,
      visitorId: VISITOR.F,
      path: "/late",
      at: "2026-03-03T23:30:00Z",
      session: { countryCode: "IT" },
    }),
  ];
  const payment = (transactionId: string, visitorId: string, amount: number, at: string): PaymentInput => ({
    websiteId,
    transactionId,
    visitorId,
    amount,
    currency: "USD",
    renewal: false,
    refunded: false,
    isFreeTrial: false,
    email: null,
    name: null,
    customerId: null,
    at: new Date(at),
  });
  const payments = [
    payment("tx-fixture-a", VISITOR.A, 49, "2026-03-02T09:05:00Z"),
    payment("tx-fixture-c", VISITOR.C, 30, "2026-03-03T08:05:00Z"),
  ];
  return { events, payments };
}

/** The Overview of FIXTURE_RANGE, by hand from the README's metric definitions. */
export const FIXTURE_TOTALS = {
  all: {
    visitors: 5, // A B C D E
    sessions: 5,
    bounceRate: 40, // B and E
    avgSessionDurationMs: 42_000, // (120 000 + 0 + 60 000 + 30 000 + 0) / 5
    revenue: 79, // 49 + 30
    conversionRate: 40, // A and C paid
  },
  france: {
    visitors: 2, // A D
    sessions: 2,
    bounceRate: 0,
    avgSessionDurationMs: 75_000, // (120 000 + 30 000) / 2
    revenue: 49, // A's payment only: with a filter, the kept visitors' payments
    conversionRate: 50,
  },
};
