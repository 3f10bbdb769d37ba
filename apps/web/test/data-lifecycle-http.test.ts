// The dashboard's export download over HTTP with a session cookie (the built server): the same
// contract, policy decision and service as GET /api/v1/export; and the Settings page that links to it.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { analyticsStore } from "../src/server/analytics";
import { pageview } from "./analytics-fixtures";
import { page, SESSION_COOKIE, signIn } from "./dashboard-http";
import { addMember, baseUrl, newUser, newWebsite, type TestUser } from "./helpers";

let owner: TestUser;
let site: string;
let ownerSession: string;

async function download(session: string | null, query: string, websiteId = site) {
  const response = await fetch(`${baseUrl}/api/websites/${websiteId}/export?${query}`, {
    headers: session ? { cookie: `${SESSION_COOKIE}=${session}` } : {},
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

beforeAll(async () => {
  owner = await newUser("dl-http-owner");
  site = await newWebsite(owner, "dl-http");
  for (const at of ["2026-03-10T10:00:00Z", "2026-03-11T10:00:00Z", "2026-05-01T10:00:00Z"]) {
    await analyticsStore.ingestEvent(pageview({ websiteId: site, visitorId: randomUUID(), at }));
  }
  ownerSession = await signIn(owner.email);
});

describe("dashboard export download", () => {
  it("streams the period's rows as CSV or JSON to members and viewers", async () => {
    const csv = await download(ownerSession, "startAt=2026-03-01&endAt=2026-03-31");
    expect(csv.status, csv.text).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toMatch(
      /^attachment; filename=".+-events-2026-03-01-2026-03-31\.csv"$/,
    );
    expect(csv.text.split("\r\n").filter(Boolean)).toHaveLength(3);
    const viewer = await newUser("dl-http-viewer");
    await addMember(site, viewer, "viewer");
    const json = await download(await signIn(viewer.email), "startAt=2026-03-01&endAt=2026-05-31&format=json");
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text).data).toHaveLength(3);
  });

  it("401 signed out, 403 for a non-member (as for a website that does not exist), 400 for bad parameters", async () => {
    expect((await download(null, "startAt=2026-03-01&endAt=2026-03-31")).status).toBe(401);
    const outsider = await signIn((await newUser("dl-http-outsider")).email);
    expect((await download(outsider, "startAt=2026-03-01&endAt=2026-03-31")).status).toBe(403);
    expect(
      (await download(ownerSession, "startAt=2026-03-01&endAt=2026-03-31", "665f0b3c4d2e1a0012345678")).status,
    ).toBe(403);
    for (const query of ["", "startAt=2026-03-01&endAt=2026-03-31&format=xml", "startAt=2020-01-01&endAt=2026-01-01"]) {
      const answer = await download(ownerSession, query);
      expect(answer.status, query).toBe(400);
      expect(JSON.parse(answer.text).status).toBe("error");
    }
    expect((await download(ownerSession, "startAt=2026-03-01&endAt=2026-03-31", "not-an-id")).status).toBe(400);
  });

  it("the Settings page renders for the owner", async () => {
    expect((await page(ownerSession, `/websites/${site}/settings`)).status).toBe(200);
  });
});
