// Credential expiry: the optional `expiresAt` of website keys and account tokens over REST and the
// dashboard's procedures, the 401 once it passes (cached or not), rolls, and the warning job's mails —
// one per credential per threshold, even when rounds run at the same time.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { cacheCounts, startAccessCache } from "../src/server/auth/access-cache";
import { warnExpiringCredentials } from "../src/server/services/credential-expiry";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser } from "./helpers";
import { callerFor } from "./trpc-caller";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EXPIRED = { status: "error", error: { code: 401, message: "API key expired" } };
const INVALID = { status: "error", error: { code: 401, message: "Invalid or revoked API key" } };
const KEY_FIELDS = ["_id", "createdAt", "displayKey", "lastUsedAt", "name", "websiteId"];

const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
const keysPath = (websiteId: string) => `/admin/websites/${websiteId}/apikeys`;

async function createKey(owner: TestUser, websiteId: string, body: Record<string, unknown>) {
  return api<{ _id: string; key: string; expiresAt?: string }>("POST", keysPath(websiteId), {
    token: owner.token,
    body,
  });
}

/** Moves a credential's expiry, as the passage of time would. */
async function setExpiry(table: "WebsiteApiKey" | "AccessToken", id: string, at: Date) {
  await (await db()).$executeRawUnsafe(`UPDATE "${table}" SET "expiresAt" = $1 WHERE "id" = $2`, at, id);
}

/** Mails to `to` naming `displayKey`, oldest first. */
async function mailsAbout(to: string, displayKey: string) {
  const mails = await (await db()).mailMessage.findMany({ where: { to }, orderBy: { createdAt: "asc" } });
  return mails.filter((mail) => mail.subject.includes(displayKey) || mail.text.includes(displayKey));
}

describe("credential expiry", () => {
  let owner: TestUser;
  let site: string;

  beforeAll(async () => {
    owner = await newUser("expiry-owner");
    site = await newWebsite(owner, "expiry");
  });

  it("POST …/apikeys with expiresAt — answered and listed; a key without one has exactly DataFast's fields", async () => {
    const at = inFuture(30 * DAY);
    const created = await createKey(owner, site, { name: "expiring", expiresAt: at });
    expect(created.status).toBe(200);
    expect(created.data[0]?.expiresAt).toBe(at);
    const plain = await newApiKey(owner, site, "forever");
    const listed = await api<Record<string, unknown>>("GET", keysPath(site), { token: owner.token });
    const byId = new Map(listed.data.map((key) => [key._id, key]));
    expect(byId.get(created.data[0]?._id)?.expiresAt).toBe(at);
    expect(Object.keys(byId.get(plain._id) ?? {}).sort()).toEqual(KEY_FIELDS);
    // An offset is read as the instant it names.
    const offset = await createKey(owner, site, { expiresAt: "2027-06-01T12:00:00+02:00" });
    expect(offset.data[0]?.expiresAt).toBe("2027-06-01T10:00:00.000Z");
    const audit = await (await db()).auditEvent.findFirst({
      where: { action: "api_key.created", targetId: created.data[0]?._id },
    });
    expect(audit?.metadata).toMatchObject({ expiresAt: at });
  });

  it("a credential that expires makes none that outlives it: its own expiry by default, 403 for a later one", async () => {
    const soon = inFuture(3 * DAY);
    const site = await newWebsite(owner, "expiry-children");
    const contractor = (await createKey(owner, site, { name: "contractor", expiresAt: soon })).data[0] as {
      key: string;
    };
    const child = await api<{ expiresAt?: string }>("POST", keysPath(site), { token: contractor.key, body: {} });
    expect(child.status).toBe(200);
    expect(child.data[0]?.expiresAt).toBe(soon);
    const later = await api("POST", keysPath(site), { token: contractor.key, body: { expiresAt: inFuture(30 * DAY) } });
    expect(later.status).toBe(403);
    expect(later.body.error.message).toContain("outlives");
    const earlier = inFuture(1 * DAY);
    expect(
      (
        await api<{ expiresAt?: string }>("POST", keysPath(site), {
          token: contractor.key,
          body: { expiresAt: earlier },
        })
      ).data[0]?.expiresAt,
    ).toBe(earlier);
    // Tokens too: an expiring token's tokens expire with it.
    const token = await api<{ key: string }>("POST", "/admin/access-tokens", {
      token: owner.token,
      body: { name: "expiring agent", expiresAt: soon },
    });
    const tokenChild = await api<{ expiresAt?: string }>("POST", "/admin/access-tokens", {
      token: token.data[0]?.key,
      body: { name: "its child" },
    });
    expect(tokenChild.data[0]?.expiresAt).toBe(soon);
    // A credential without an expiry makes what it asks for, as before.
    expect((await createKey(owner, site, {})).data[0]?.expiresAt).toBeUndefined();
  });

  it("POST with a past, far-off or unreadable expiresAt — 400 with details, nothing created", async () => {
    const before = await (await db()).websiteApiKey.count({ where: { websiteId: site } });
    const cases: [unknown, string][] = [
      [inFuture(-60_000), "Must be in the future"],
      [inFuture(6 * 365 * DAY), "Must be at most 1826 days (about 5 years) ahead"],
      ["next week", "Must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z"],
      ["2027-01-31", "Must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z"],
      [1_900_000_000_000, "Must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z"],
    ];
    for (const [expiresAt, message] of cases) {
      const key = await createKey(owner, site, { expiresAt });
      expect(key.status, String(expiresAt)).toBe(400);
      expect(key.body.error.details).toEqual([{ path: "expiresAt", message }]);
      const token = await api("POST", "/admin/access-tokens", { token: owner.token, body: { expiresAt } });
      expect(token.status).toBe(400);
      expect(token.body.error.details).toEqual([{ path: "expiresAt", message }]);
    }
    expect(await (await db()).websiteApiKey.count({ where: { websiteId: site } })).toBe(before);
  });

  it("a key past its expiresAt gets 401 API key expired; an unknown key still gets Invalid or revoked", async () => {
    const created = await createKey(owner, site, { name: "short", expiresAt: inFuture(DAY) });
    const { _id: id, key } = created.data[0] as { _id: string; key: string };
    expect((await api("GET", keysPath(site), { token: key })).status).toBe(200);
    await setExpiry("WebsiteApiKey", id, new Date(Date.now() - 1_000));
    const refused = await api("GET", keysPath(site), { token: key });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual(EXPIRED);
    const unknown = await newApiKey(owner, site, "to revoke");
    await api("DELETE", `${keysPath(site)}/${unknown._id}`, { token: owner.token });
    expect((await api("GET", keysPath(site), { token: unknown.key })).body).toEqual(INVALID);
    // Still listed, with its expiry, for its owners to see and delete.
    const listed = await api<{ _id: string; expiresAt?: string }>("GET", keysPath(site), { token: owner.token });
    expect(listed.data.find((row) => row._id === id)?.expiresAt).toBeDefined();
  });

  it("a token past its expiresAt gets 401 API key expired; tokens without one list as before", async () => {
    const created = await api<{ _id: string; key: string; expiresAt: string }>("POST", "/admin/access-tokens", {
      token: owner.token,
      body: { name: "ci", expiresAt: inFuture(7 * DAY) },
    });
    expect(created.status).toBe(200);
    const { _id: id, key, expiresAt } = created.data[0] as { _id: string; key: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now() + 6 * DAY);
    const listed = await api<{ _id: string; expiresAt?: string }>("GET", "/admin/access-tokens", {
      token: owner.token,
    });
    expect(listed.data.find((row) => row._id === id)?.expiresAt).toBe(expiresAt);
    expect(listed.data.find((row) => row._id !== id)).not.toHaveProperty("expiresAt");
    expect((await api("GET", "/admin/account", { token: key })).status).toBe(200);
    await setExpiry("AccessToken", id, new Date(Date.now() - 1_000));
    expect((await api("GET", "/admin/account", { token: key })).body).toEqual(EXPIRED);
  });

  it("a cached credential is refused once its expiry passes, with no change announced", async () => {
    const cache = startAccessCache(inject("databaseUrl"));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // the listener connects
      const created = await createKey(owner, site, { expiresAt: inFuture(1_500) });
      const key = created.data[0]?.key as string;
      expect((await api("GET", keysPath(site), { token: key })).status).toBe(200);
      const hits = cacheCounts().hits;
      expect((await api("GET", keysPath(site), { token: key })).status).toBe(200);
      expect(cacheCounts().hits).toBeGreaterThan(hits); // served from the cache
      await new Promise((resolve) => setTimeout(resolve, 1_600));
      const before = cacheCounts().hits;
      expect((await api("GET", keysPath(site), { token: key })).body).toEqual(EXPIRED);
      expect(cacheCounts().hits).toBeGreaterThan(before); // refused from the cached row
    } finally {
      await cache.stop();
    }
  });

  it("PUT (roll) keeps the expiry, the old value never outlives it, and an expired key is not rolled", async () => {
    const at = inFuture(HOUR);
    const created = await createKey(owner, site, { expiresAt: at });
    const { _id: id } = created.data[0] as { _id: string };
    const rolled = await api<{ expiresAt: string }>("PUT", `${keysPath(site)}/${id}`, {
      token: owner.token,
      body: { expireOldKeyInMinutes: 1440 },
    });
    expect(rolled.status).toBe(200);
    expect(rolled.data[0]?.expiresAt).toBe(at);
    const row = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id } });
    expect(row.previousKeyExpiresAt?.toISOString()).toBe(at);
    await setExpiry("WebsiteApiKey", id, new Date(Date.now() - 1_000));
    const refused = await api("PUT", `${keysPath(site)}/${id}`, { token: owner.token });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("API key expired: create a new key instead of rolling it");
    const after = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id } });
    expect(after.keyHash).toBe(row.keyHash);
  });

  it("the dashboard's procedures take the same expiresAt and give it back", async () => {
    const caller = callerFor(owner.id);
    const at = inFuture(90 * DAY);
    const key = await caller.apiKeys.create({ websiteId: site, name: "dash", expiresAt: at });
    expect(key.expiresAt).toBe(at);
    const { keys } = await caller.apiKeys.list({ websiteId: site });
    expect(keys.find((row) => row._id === key._id)?.expiresAt).toBe(at);
    const token = await caller.accessTokens.create({ name: "dash", expiresAt: at });
    expect(token.expiresAt).toBe(at);
    await expect(caller.apiKeys.create({ websiteId: site, expiresAt: inFuture(-DAY) })).rejects.toThrow(
      "Must be in the future",
    );
  });
});

describe("expiry warnings job", () => {
  it("mails each warning once — key owners (verified), token users — even with two rounds at once", async () => {
    const owner = await newUser("warn-owner");
    const coOwner = await newUser("warn-coowner");
    const member = await newUser("warn-member");
    const site = await newWebsite(owner, "warn");
    await addMember(site, coOwner, "owner");
    const hook = await api<{ _id: string }>("POST", `/admin/websites/${site}/webhooks`, {
      token: owner.token,
      body: { url: "https://203.0.113.10/keygate-expiry", events: ["api_key.expiring"] },
    });
    expect(hook.status).toBe(200);
    await addMember(site, member, "member");
    const make = async (ms: number, name: string) =>
      (await createKey(owner, site, { name, expiresAt: inFuture(ms) })).data[0] as { _id: string; key: string };
    const threeDays = await make(3 * DAY, "three days");
    const twelveHours = await make(12 * HOUR, "twelve hours");
    const later = await make(30 * DAY, "later");
    const revoked = await make(2 * DAY, "revoked");
    await api("DELETE", `${keysPath(site)}/${revoked._id}`, { token: owner.token });
    const token = await api<{ _id: string }>("POST", "/admin/access-tokens", {
      token: owner.token,
      body: { name: "warned token", expiresAt: inFuture(5 * DAY) },
    });
    const tokenId = token.data[0]?._id as string;
    const rows = await (await db()).websiteApiKey.findMany({ where: { websiteId: site } });
    const display = (id: string) => rows.find((row) => row.id === id)?.displayKey as string;
    const tokenDisplay = (await (await db()).accessToken.findUniqueOrThrow({ where: { id: tokenId } })).displayKey;

    await Promise.all([warnExpiringCredentials(), warnExpiringCredentials()]);
    await Promise.all([warnExpiringCredentials(), warnExpiringCredentials()]);

    for (const person of [owner, coOwner]) {
      const three = await mailsAbout(person.email, display(threeDays._id));
      expect(three).toHaveLength(1);
      expect(three[0]?.subject).toMatch(/expires in 3 days$/);
      expect(three[0]?.text).toContain(`/websites/${site}/developer`);
      const twelve = await mailsAbout(person.email, display(twelveHours._id));
      expect(twelve).toHaveLength(1);
      expect(twelve[0]?.subject).toMatch(/expires in 12 hours$/);
      expect(await mailsAbout(person.email, display(later._id))).toHaveLength(0);
      expect(await mailsAbout(person.email, display(revoked._id))).toHaveLength(0);
    }
    expect(await (await db()).mailMessage.count({ where: { to: member.email } })).toBe(0);
    const tokenMails = await mailsAbout(owner.email, tokenDisplay);
    expect(tokenMails).toHaveLength(1);
    expect(tokenMails[0]?.subject).toMatch(/^Your account token "warned token" .* expires in 5 days$/);

    // Less than a day left at creation: the 1-day warning only, and the 7-day one marked as done.
    const short = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id: twelveHours._id } });
    expect(short.expiryWarned1dAt).not.toBeNull();
    expect(short.expiryWarned7dAt).not.toBeNull();

    // Time passes: the three-day key is now within a day, and gets its second warning, once.
    await setExpiry("WebsiteApiKey", threeDays._id, new Date(Date.now() + 10 * HOUR));
    await Promise.all([warnExpiringCredentials(), warnExpiringCredentials()]);
    const both = await mailsAbout(owner.email, display(threeDays._id));
    expect(both.map((mail) => mail.subject.replace(/.* expires in /, ""))).toEqual(["3 days", "10 hours"]);
    expect(await mailsAbout(owner.email, display(twelveHours._id))).toHaveLength(1);

    const audits = await (await db()).auditEvent.findMany({
      where: {
        action: { in: ["api_key.expiring", "access_token.expiring"] },
        targetId: { in: [threeDays._id, twelveHours._id, tokenId] },
      },
      orderBy: { createdAt: "asc" },
    });
    expect(audits.map((event) => [event.targetId, (event.metadata as { warning: string }).warning]).sort()).toEqual(
      [
        [threeDays._id, "7d"],
        [threeDays._id, "1d"],
        [twelveHours._id, "1d"],
        [tokenId, "7d"],
      ].sort(),
    );
    expect(audits.every((event) => event.actorType === "system")).toBe(true);
    const hooks = await (await db()).webhookDelivery.findMany({
      where: { endpointId: hook.data[0]?._id, event: "api_key.expiring" },
    });
    expect(
      hooks
        .map((delivery) => {
          const data = (delivery.payload as { data: { apiKey: { _id: string }; warning: string } }).data;
          return `${data.apiKey._id} ${data.warning}`;
        })
        .sort(),
    ).toEqual([`${threeDays._id} 1d`, `${threeDays._id} 7d`, `${twelveHours._id} 1d`].sort());
  });
});
