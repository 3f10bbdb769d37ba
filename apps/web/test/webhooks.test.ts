// Webhooks: signed deliveries of key and team events to a local receiver, the outbox, retries with
// backoff driven by a fake clock, one delivery per event under concurrent rounds, the SSRF rule (at
// creation and at delivery), the test event, and alerts delivered by mail and webhook on a goal.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { env } from "../src/env";
import { createCollectApp } from "../src/server/collect/app";
import { settleAlerts } from "../src/server/services/alert-delivery";
import { backoffMs, cleanWebhookLog, deliverWebhooks, MAX_ATTEMPTS } from "../src/server/webhooks/deliver";
import { isBlockedAddress } from "../src/server/webhooks/target";
import { addMember, api, db, newApiKey, newUser, newWebsite, type TestUser } from "./helpers";
import { callerFor, refusal } from "./trpc-caller";

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** The status the receiver answers with. */
let answer = 200;

beforeAll(async () => {
  env.WEBHOOKS_ALLOW_PRIVATE_TARGETS = true;
  // Rounds are driven by the tests, with their own clock; no delivery starts by itself.
  env.JOBS_ENABLED = false;
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ headers: request.headers, body });
      response.writeHead(answer).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
});

beforeEach(async () => {
  env.WEBHOOKS_ALLOW_PRIVATE_TARGETS = true;
  env.JOBS_ENABLED = false;
  answer = 200;
  // Deliveries left by an earlier test must not reach this one's receiver.
  await (await db()).webhookDelivery.updateMany({ where: { status: "pending" }, data: { status: "failed" } });
  received = [];
});

/** Runs delivery rounds at `now` until none is due. */
async function drain(now = new Date()): Promise<number> {
  let total = 0;
  for (let handled = await deliverWebhooks(now); handled > 0; handled = await deliverWebhooks(now)) total += handled;
  return total;
}

/** Verifies a Keygate-Signature header the way a receiver would (the README's sample). */
function verify(secret: string, header: string, body: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=") as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return expected === parts.v1;
}

async function newEndpoint(owner: TestUser, site: string, body: Record<string, unknown> = {}) {
  const created = await api<{ _id: string; secret: string; events: string[] }>(
    "POST",
    `/admin/websites/${site}/webhooks`,
    { token: owner.token, body: { url: receiverUrl, ...body } },
  );
  expect(created.status, created.text).toBe(200);
  return created.data[0] as { _id: string; secret: string; events: string[] };
}

const events = () =>
  received.map((r) => JSON.parse(r.body) as { type: string; createdAt: string; data: Record<string, unknown> });

describe("webhook endpoints and signed deliveries", () => {
  it("key created, rolled, revoked and member added/removed arrive signed; the secret is shown once and stored sealed", async () => {
    const owner = await newUser("wh-owner");
    const site = await newWebsite(owner, "wh");
    const endpoint = await newEndpoint(owner, site);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(endpoint.events).toEqual([]);
    const listed = await api("GET", `/admin/websites/${site}/webhooks`, { token: owner.token });
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).not.toHaveProperty("secret");
    const row = await (await db()).webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint._id } });
    expect(row.secret).not.toContain(endpoint.secret.slice(6));

    const key = await newApiKey(owner, site, "prod");
    expect((await api("PUT", `/admin/websites/${site}/apikeys/${key._id}`, { token: owner.token })).status).toBe(200);
    expect((await api("DELETE", `/admin/websites/${site}/apikeys/${key._id}`, { token: owner.token })).status).toBe(
      200,
    );
    const member = await newUser("wh-member");
    await addMember(site, member, "member");
    const removed = await api("DELETE", `/admin/websites/${site}/team`, {
      token: owner.token,
      body: { userId: member.id },
    });
    expect(removed.status).toBe(200);
    // Nothing is sent before a round runs: the events wait in the outbox.
    expect(received).toHaveLength(0);
    expect(await drain()).toBe(5);

    // Sent in parallel: the order of arrival is not the order of the events (createdAt is).
    const byTime = events().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(byTime.map((e) => e.type)).toEqual([
      "api_key.created",
      "api_key.rolled",
      "api_key.revoked",
      "team.member_added",
      "team.member_removed",
    ]);
    for (const request of received) {
      const payload = JSON.parse(request.body);
      expect(verify(endpoint.secret, request.headers["keygate-signature"] as string, request.body)).toBe(true);
      expect(verify("whsec_wrong", request.headers["keygate-signature"] as string, request.body)).toBe(false);
      expect(request.headers["keygate-event"]).toBe(payload.type);
      expect(request.headers["keygate-delivery"]).toBe(payload.id);
      expect(payload.websiteId).toBe(site);
    }
    // A tampered body fails verification.
    const first = received[0] as Received;
    expect(
      verify(endpoint.secret, first.headers["keygate-signature"] as string, `${first.body.slice(0, -1)},"extra":1}`),
    ).toBe(false);
    expect(byTime[0]?.data).toMatchObject({ apiKey: { _id: key._id, name: "prod" } });
    expect(received.map((r) => r.body).join()).not.toContain(key.key);
    expect(byTime[3]?.data).toMatchObject({ member: { userId: member.id, role: "member" } });
    expect(byTime[4]?.data).toEqual({ member: { userId: member.id }, reason: "removed" });

    const log = await api("GET", `/admin/websites/${site}/webhooks/${endpoint._id}/deliveries`, { token: owner.token });
    expect(log.data).toHaveLength(5);
    expect(log.data.every((d) => d.status === "delivered" && d.lastStatusCode === 200 && d.attempts === 1)).toBe(true);
  });

  it("an endpoint gets only the events it subscribed to; an event with no endpoint queues nothing", async () => {
    const owner = await newUser("wh-filter");
    const site = await newWebsite(owner, "wh-filter");
    await newApiKey(owner, site, "before any endpoint");
    expect(await drain()).toBe(0);
    await newEndpoint(owner, site, { events: ["api_key.revoked"] });
    const key = await newApiKey(owner, site, "filtered");
    await api("DELETE", `/admin/websites/${site}/apikeys/${key._id}`, { token: owner.token });
    await drain();
    expect(events().map((e) => e.type)).toEqual(["api_key.revoked"]);
  });

  it("a change that fails (rolled back) sends nothing", async () => {
    const owner = await newUser("wh-rollback");
    const site = await newWebsite(owner, "wh-rollback");
    await newEndpoint(owner, site);
    const missing = "0123456789abcdef01234567";
    expect((await api("PUT", `/admin/websites/${site}/apikeys/${missing}`, { token: owner.token })).status).toBe(404);
    expect(await drain()).toBe(0);
  });

  it("Send test event: a ping for the endpoint, listed in its delivery log as delivered", async () => {
    const owner = await newUser("wh-ping");
    const site = await newWebsite(owner, "wh-ping");
    const endpoint = await newEndpoint(owner, site, { events: ["alert.triggered"] });
    const queued = await api("POST", `/admin/websites/${site}/webhooks/${endpoint._id}/test`, { token: owner.token });
    expect(queued.status).toBe(200);
    expect(queued.data[0]).toMatchObject({ event: "ping", status: "pending", attempts: 0 });
    await drain();
    expect(events().map((e) => e.type)).toEqual(["ping"]);
    const log = await api("GET", `/admin/websites/${site}/webhooks/${endpoint._id}/deliveries?limit=1`, {
      token: owner.token,
    });
    expect(log.data[0]).toMatchObject({ _id: queued.data[0]?._id, status: "delivered", lastStatusCode: 200 });
    expect(log.data[0]?.deliveredAt).toBeTruthy();
  });

  it("limits and access: 5 endpoints per website; viewers cannot list; another website's endpoint is 404", async () => {
    const owner = await newUser("wh-limits");
    const site = await newWebsite(owner, "wh-limits");
    const other = await newWebsite(owner, "wh-other");
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await newEndpoint(owner, site))._id);
    const sixth = await api("POST", `/admin/websites/${site}/webhooks`, {
      token: owner.token,
      body: { url: receiverUrl },
    });
    expect(sixth.status).toBe(400);
    expect(sixth.body.error.message).toMatch(/max 5/);
    const viewer = await newUser("wh-viewer");
    await addMember(site, viewer, "viewer");
    expect((await api("GET", `/admin/websites/${site}/webhooks`, { token: viewer.token })).status).toBe(403);
    expect((await api("DELETE", `/admin/websites/${other}/webhooks/${ids[0]}`, { token: owner.token })).status).toBe(
      404,
    );
    expect((await api("DELETE", `/admin/websites/${site}/webhooks/${ids[0]}`, { token: owner.token })).status).toBe(
      200,
    );
    expect((await api("GET", `/admin/websites/${site}/webhooks`, { token: owner.token })).data).toHaveLength(4);
    const bad = await api("POST", `/admin/websites/${site}/webhooks`, {
      token: owner.token,
      body: { url: receiverUrl, events: ["api_key.nope"] },
    });
    expect(bad.status).toBe(400);
  });
});

describe("retries", () => {
  it("a receiver answering 500 is retried with exponential backoff, then the delivery is failed after 8 attempts", async () => {
    answer = 500;
    const owner = await newUser("wh-retry");
    const site = await newWebsite(owner, "wh-retry");
    const endpoint = await newEndpoint(owner, site);
    await newApiKey(owner, site, "retried");
    let now = new Date();
    expect(await deliverWebhooks(now)).toBe(1);
    const waits: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const [row] = await (await db()).webhookDelivery.findMany({ where: { endpointId: endpoint._id } });
      expect(row).toMatchObject({ status: "pending", attempts: attempt, lastStatusCode: 500, lastError: "HTTP 500" });
      const wait = (row?.nextAttemptAt.getTime() ?? 0) - now.getTime();
      waits.push(wait);
      // Not due a second early; due on time.
      expect(await deliverWebhooks(new Date(now.getTime() + wait - 1000))).toBe(0);
      now = new Date(now.getTime() + wait);
      expect(await deliverWebhooks(now)).toBe(1);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64].map((minutes) => minutes * 60_000));
    expect(waits).toEqual([1, 2, 3, 4, 5, 6, 7].map(backoffMs));
    const [final] = await (await db()).webhookDelivery.findMany({ where: { endpointId: endpoint._id } });
    expect(final).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, lastStatusCode: 500 });
    expect(received).toHaveLength(MAX_ATTEMPTS);
    // Every attempt sends the same payload (the same delivery id) with a fresh signature.
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(await deliverWebhooks(new Date(now.getTime() + 24 * 3_600_000))).toBe(0);
  });

  it("a receiver that recovers gets the event on the retry", async () => {
    answer = 503;
    const owner = await newUser("wh-recover");
    const site = await newWebsite(owner, "wh-recover");
    const endpoint = await newEndpoint(owner, site);
    await newApiKey(owner, site, "recovering");
    const now = new Date();
    await deliverWebhooks(now);
    answer = 204;
    await deliverWebhooks(new Date(now.getTime() + 60_000));
    const [row] = await (await db()).webhookDelivery.findMany({ where: { endpointId: endpoint._id } });
    expect(row).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 204, lastError: null });
  });

  it("a caller subscribes only to events carrying what it may read: a restricted key with settings:write alone gets 403", async () => {
    const owner = await newUser("wh-reads");
    const site = await newWebsite(owner, "wh-reads");
    const settingsOnly = await api<{ key: string }>("POST", `/admin/websites/${site}/apikeys`, {
      token: owner.token,
      body: { permissions: ["settings:read", "settings:write"] },
    });
    const key = settingsOnly.data[0]?.key as string;
    const create = (events?: string[]) =>
      api("POST", `/admin/websites/${site}/webhooks`, {
        token: key,
        body: { url: receiverUrl, ...(events ? { events } : {}) },
      });
    const all = await create();
    expect(all.status).toBe(403);
    expect(all.body.error.message).toContain("api-keys:read");
    expect((await create(["team.member_removed"])).status).toBe(403);
    expect((await create(["api_key.revoked"])).status).toBe(403);
    expect(await (await db()).webhookEndpoint.count({ where: { websiteId: site } })).toBe(0);
    // With the matching read permission, the same key may subscribe to those events.
    const keysToo = await api<{ key: string }>("POST", `/admin/websites/${site}/apikeys`, {
      token: owner.token,
      body: { permissions: ["settings:read", "settings:write", "api-keys:read"] },
    });
    const allowed = await api("POST", `/admin/websites/${site}/webhooks`, {
      token: keysToo.data[0]?.key,
      body: { url: receiverUrl, events: ["api_key.revoked"] },
    });
    expect(allowed.status).toBe(200);
  });

  it("an endpoint that answers and then streams forever holds no connection open", async () => {
    const open = new Set<import("node:net").Socket>();
    const dripping = createServer((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("still ");
      const drip = setInterval(() => response.write("going "), 50);
      response.on("close", () => clearInterval(drip));
    });
    dripping.on("connection", (socket) => {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
    });
    await new Promise<void>((resolve) => dripping.listen(0, "127.0.0.1", resolve));
    try {
      const owner = await newUser("wh-drip");
      const site = await newWebsite(owner, "wh-drip");
      await newEndpoint(owner, site, { url: `http://127.0.0.1:${(dripping.address() as AddressInfo).port}/hook` });
      await newApiKey(owner, site, "dripped");
      expect(await deliverWebhooks()).toBe(1);
      const deadline = Date.now() + 2_000;
      while (open.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(open.size).toBe(0);
    } finally {
      dripping.closeAllConnections();
      await new Promise((resolve) => dripping.close(resolve));
    }
  });

  it("the log keeps finished deliveries 30 days; pending ones stay until sent or failed", async () => {
    const owner = await newUser("wh-clean");
    const site = await newWebsite(owner, "wh-clean");
    const endpoint = await newEndpoint(owner, site);
    await newApiKey(owner, site, "delivered");
    await drain();
    await api("POST", `/admin/websites/${site}/webhooks/${endpoint._id}/test`, { token: owner.token });
    const rows = () => db().then((prisma) => prisma.webhookDelivery.findMany({ where: { endpointId: endpoint._id } }));
    expect(await cleanWebhookLog(new Date(Date.now() + 29 * 86_400_000))).toBe(0);
    expect(await cleanWebhookLog(new Date(Date.now() + 31 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect((await rows()).map((row) => [row.event, row.status])).toEqual([["ping", "pending"]]);
  });

  it("two rounds running at once deliver each event exactly once", async () => {
    const owner = await newUser("wh-race");
    const site = await newWebsite(owner, "wh-race");
    const endpoint = await newEndpoint(owner, site);
    for (let i = 0; i < 12; i++) {
      await api("POST", `/admin/websites/${site}/webhooks/${endpoint._id}/test`, { token: owner.token });
    }
    const rounds = await Promise.all([deliverWebhooks(), deliverWebhooks(), deliverWebhooks()]);
    expect(rounds.reduce((a, b) => a + b, 0)).toBe(12);
    expect(await drain()).toBe(0);
    const ids = received.map((r) => r.headers["keygate-delivery"]);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });
});

describe("SSRF: internal targets are refused", () => {
  const INTERNAL = [
    "http://127.0.0.1/hook",
    "http://10.0.0.1/hook",
    "http://172.16.5.4/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/hook",
    "http://0.0.0.0/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://2130706433/hook",
    "http://localhost/hook",
    "https://localhost:8443/hook",
  ];

  it("creation is a 400 for private, loopback, link-local and internal names, and stores nothing", async () => {
    env.WEBHOOKS_ALLOW_PRIVATE_TARGETS = false;
    const owner = await newUser("wh-ssrf");
    const site = await newWebsite(owner, "wh-ssrf");
    for (const url of INTERNAL) {
      const refused = await api("POST", `/admin/websites/${site}/webhooks`, { token: owner.token, body: { url } });
      expect(refused.status, url).toBe(400);
      expect(refused.body.error.message, url).toMatch(/public address/);
    }
    for (const url of ["ftp://example.com/x", "http://user:pass@203.0.113.10/x", "javascript:alert(1)"]) {
      expect(
        (await api("POST", `/admin/websites/${site}/webhooks`, { token: owner.token, body: { url } })).status,
      ).toBe(400);
    }
    expect(await (await db()).webhookEndpoint.count({ where: { websiteId: site } })).toBe(0);
    // A public address literal passes (no DNS needed).
    const ok = await api("POST", `/admin/websites/${site}/webhooks`, {
      token: owner.token,
      body: { url: "https://203.0.113.10/hook" },
    });
    expect(ok.status).toBe(200);
  });

  it("delivery re-checks the address: an endpoint that now points inside is never connected to", async () => {
    const owner = await newUser("wh-rebind");
    const site = await newWebsite(owner, "wh-rebind");
    // Created while internal targets are allowed: an address literal, and a name resolving to loopback.
    const byAddress = await newEndpoint(owner, site);
    const byName = await newEndpoint(owner, site, { url: receiverUrl.replace("127.0.0.1", "localhost") });
    env.WEBHOOKS_ALLOW_PRIVATE_TARGETS = false;
    await newApiKey(owner, site, "rebind");
    expect(await drain()).toBe(2);
    expect(received).toHaveLength(0);
    const rows = await (await db()).webhookDelivery.findMany({
      where: { endpointId: { in: [byAddress._id, byName._id] } },
    });
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(row).toMatchObject({
        status: "pending",
        lastStatusCode: null,
        lastError: expect.stringMatching(/public address/),
      });
  });

  it("the address rules", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.31.255.255",
      "192.168.0.1",
      "169.254.169.254",
      "100.100.100.200",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fe80::abcd",
      "fc00::1",
      "::ffff:10.0.0.1",
      "::ffff:7f00:1",
      // IPv6 forms that carry an internal IPv4 address, or reach one: NAT64, 6to4, IPv4-translated, Teredo.
      "64:ff9b::a9fe:a9fe",
      "64:ff9b::127.0.0.1",
      "64:ff9b:1::a00:1",
      "2002:7f00:1::",
      "2002:a9fe:a9fe::1",
      "::ffff:0:a00:1",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2",
      "fec0::1",
      "100::1",
      "not-an-ip",
    ]) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of [
      "203.0.113.10",
      "8.8.8.8",
      "172.32.0.1",
      "100.128.0.1",
      "2606:4700:4700::1111",
      "::ffff:8.8.8.8",
      "64:ff9b::808:808",
      "2002:808:808::",
    ]) {
      expect(isBlockedAddress(address), address).toBe(false);
    }
  });
});

describe("alerts are delivered", () => {
  const CHROME =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  const collect = createCollectApp();

  async function sendGoal(trackingId: string, domain: string, visitorId: string, name: string) {
    const response = await collect.request(
      "http://keygate.test/api/events",
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": CHROME, "x-forwarded-for": "203.0.113.9" },
        body: JSON.stringify({
          websiteId: trackingId,
          domain,
          type: "custom",
          href: `https://${domain}/pricing`,
          referrer: null,
          visitorId,
          sessionId: `s${randomUUID()}`,
          extraData: { eventName: name },
        }),
      },
      { incoming: { socket: { remoteAddress: "203.0.113.9", remotePort: 40000, remoteFamily: "IPv4" } } },
    );
    expect(response.status, await response.clone().text()).toBe(200);
  }

  it("a watched goal through collection mails owners and members (not viewers) and sends alert.triggered; at most once a minute", async () => {
    const owner = await newUser("wh-alert");
    const site = await newWebsite(owner, "wh-alert");
    const member = await newUser("wh-alert-member");
    const viewer = await newUser("wh-alert-viewer");
    await addMember(site, member, "member");
    await addMember(site, viewer, "viewer");
    await newEndpoint(owner, site, { events: ["alert.triggered"] });
    const alert = await api("POST", `/admin/websites/${site}/alerts`, {
      token: owner.token,
      body: {
        name: "New signup",
        trigger: { goalName: "signup" },
        template: { message: "Someone signed up!", subject: "Signup!" },
      },
    });
    expect(alert.status).toBe(200);
    const website = await (await db()).website.findUniqueOrThrow({ where: { id: site } });
    const mails = (to: string) => db().then((prisma) => prisma.mailMessage.findMany({ where: { to } }));

    await sendGoal(website.trackingId, website.domain, randomUUID(), "newsletter");
    await settleAlerts();
    expect(await mails(owner.email)).toHaveLength(0);

    await sendGoal(website.trackingId, website.domain, randomUUID(), "signup");
    await settleAlerts();
    const [mail] = await mails(owner.email);
    expect(mail).toMatchObject({ subject: "Signup!" });
    expect(mail?.text).toContain("Someone signed up!");
    expect(await mails(member.email)).toHaveLength(1);
    expect(await mails(viewer.email)).toHaveLength(0);
    await drain();
    expect(events()).toEqual([
      expect.objectContaining({
        type: "alert.triggered",
        data: expect.objectContaining({
          goalName: "signup",
          message: "Someone signed up!",
          alert: { _id: alert.data[0]?._id, name: "New signup" },
        }),
      }),
    ]);

    // A flood of goals within the minute sends nothing more.
    for (let i = 0; i < 5; i++) await sendGoal(website.trackingId, website.domain, randomUUID(), "signup");
    await settleAlerts();
    expect(await mails(owner.email)).toHaveLength(1);
    expect(await drain()).toBe(0);
  });

  it("POST /goals (Website API) triggers the alert too; a disabled alert does not", async () => {
    const owner = await newUser("wh-goals");
    const site = await newWebsite(owner, "wh-goals");
    const website = await (await db()).website.findUniqueOrThrow({ where: { id: site } });
    const visitorId = randomUUID();
    await api("POST", `/admin/websites/${site}/alerts`, {
      token: owner.token,
      body: {
        name: "Off",
        trigger: { goalName: "upgrade" },
        template: { message: "Disabled alert" },
        isEnabled: false,
      },
    });
    await api("POST", `/admin/websites/${site}/alerts`, {
      token: owner.token,
      body: { name: "Paid", trigger: { goalName: "paid" }, template: { message: "A customer paid." } },
    });
    // A pageview first: POST /goals needs a visitor who viewed a page.
    const pageview = await collect.request(
      "http://keygate.test/api/events",
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": CHROME },
        body: JSON.stringify({
          websiteId: website.trackingId,
          type: "pageview",
          href: `https://${website.domain}/`,
          visitorId,
          sessionId: `s${randomUUID()}`,
        }),
      },
      { incoming: { socket: { remoteAddress: "203.0.113.9", remotePort: 40000, remoteFamily: "IPv4" } } },
    );
    expect(pageview.status).toBe(200);
    for (const name of ["upgrade", "paid"]) {
      const goal = await api("POST", `/goals?websiteId=${site}`, {
        token: owner.token,
        body: { datafast_visitor_id: visitorId, name },
      });
      expect(goal.status, goal.text).toBe(200);
    }
    await settleAlerts();
    const mails = await (await db()).mailMessage.findMany({ where: { to: owner.email } });
    expect(mails.map((m) => m.text.split("\n")[0])).toEqual(["A customer paid."]);
  });
});

describe("delivery right after commit", () => {
  it("with jobs on, a queued event arrives without waiting for a round", async () => {
    env.JOBS_ENABLED = true;
    const owner = await newUser("wh-kick");
    const site = await newWebsite(owner, "wh-kick");
    await newEndpoint(owner, site);
    await newApiKey(owner, site, "fast");
    const started = Date.now();
    while (received.length === 0 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 50));
    expect(events().map((e) => e.type)).toEqual(["api_key.created"]);
  });
});

describe("the dashboard's procedures", () => {
  it("create (secret once), list, test, deliveries and delete through tRPC; viewers are refused; writes are audited", async () => {
    const owner = await newUser("wh-trpc");
    const site = await newWebsite(owner, "wh-trpc");
    const viewer = await newUser("wh-trpc-viewer");
    await addMember(site, viewer, "viewer");
    const caller = callerFor(owner.id);
    const created = await caller.webhooks.create({ websiteId: site, webhook: { url: receiverUrl, events: [] } });
    expect(created.secret).toMatch(/^whsec_/);
    const listed = await caller.webhooks.list({ websiteId: site });
    expect(listed).toMatchObject({ limit: 5, webhooks: [{ _id: created._id, url: receiverUrl }] });
    expect(listed.webhooks[0]).not.toHaveProperty("secret");
    await caller.webhooks.test({ websiteId: site, webhookId: created._id });
    await drain();
    const deliveries = await caller.webhooks.deliveries({ websiteId: site, webhookId: created._id, limit: 10 });
    expect(deliveries.map((d) => [d.event, d.status])).toEqual([["ping", "delivered"]]);
    expect((await refusal(callerFor(viewer.id).webhooks.list({ websiteId: site }))).code).toBe("FORBIDDEN");
    expect((await refusal(callerFor(viewer.id).webhooks.test({ websiteId: site, webhookId: created._id }))).code).toBe(
      "FORBIDDEN",
    );
    env.WEBHOOKS_ALLOW_PRIVATE_TARGETS = false;
    const refused = await refusal(
      caller.webhooks.create({ websiteId: site, webhook: { url: "http://10.0.0.1/", events: [] } }),
    );
    expect(refused.code).toBe("BAD_REQUEST");
    await caller.webhooks.delete({ websiteId: site, webhookId: created._id });
    const audit = await (await db()).auditEvent.findMany({
      where: { websiteId: site, action: { startsWith: "webhook." } },
    });
    expect(audit.map((event) => event.action).sort()).toEqual(["webhook.created", "webhook.deleted"]);
    expect(JSON.stringify(audit)).not.toContain(created.secret as string);
  });
});
