// Two server processes on one database, both running the expiry-warning job every 200 ms: when keys
// come within 7 days and 1 day of their expiry at the same moment, every warning is mailed exactly
// once, whichever instance claims it.
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addMember, api, db, newUser, uniqueDomain } from "./helpers";
import { type RunningServer, startServer, testLogPath } from "./server";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEBSITES = 5;

let a: RunningServer;
let b: RunningServer;
const sql = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });

beforeAll(async () => {
  const env = { DATABASE_URL: inject("databaseUrl"), JOBS_INTERVAL_MS: "200" };
  [a, b] = await Promise.all([
    startServer({ env, logPath: testLogPath("expiry-a") }),
    startServer({ env, logPath: testLogPath("expiry-b") }),
  ]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sql.end();
});

/** Warnings each instance's log says it sent (the job logs how many credentials a round handled). */
function handledBy(server: RunningServer): number {
  return readFileSync(server.logPath, "utf8")
    .split("\n")
    .filter((line) => line.includes('"job":"credential-expiry-warnings"') && line.includes('"job done"'))
    .reduce((sum, line) => sum + (JSON.parse(line) as { handled: number }).handled, 0);
}

describe("expiry warnings on two instances", () => {
  it("keys 3 days and 12 hours from expiry: one mail per key per owner, each once", async () => {
    const owner = await newUser("expiry-multi");
    const coOwner = await newUser("expiry-multi-co");
    const keys: { id: string; displayKey: string; left: number }[] = [];
    for (let i = 0; i < WEBSITES; i++) {
      const site = await api<{ websiteId: string }>("POST", "/admin/websites", {
        token: owner.token,
        body: { domain: uniqueDomain("expiry-multi"), timezone: "UTC" },
        server: a.baseUrl,
      });
      const websiteId = site.data[0]?.websiteId as string;
      await addMember(websiteId, coOwner, "owner");
      for (const left of [3 * DAY, 12 * HOUR]) {
        // Created 30 days out, then brought near all at once below, so both instances race for them.
        const created = await api<{ _id: string; expiresAt: string }>("POST", `/admin/websites/${websiteId}/apikeys`, {
          token: owner.token,
          body: { expiresAt: new Date(Date.now() + 30 * DAY).toISOString() },
          server: b.baseUrl,
        });
        expect(created.status).toBe(200);
        const id = created.data[0]?._id as string;
        const row = await (await db()).websiteApiKey.findUniqueOrThrow({ where: { id } });
        keys.push({ id, displayKey: row.displayKey, left });
      }
    }
    const expected = keys.length * 2; // two owners
    const started = performance.now();
    await sql.query(
      `UPDATE "WebsiteApiKey" AS k SET "expiresAt" = now() + make_interval(secs => v.ms / 1000.0)
       FROM unnest($1::text[], $2::float8[]) AS v(id, ms) WHERE k."id" = v.id`,
      [keys.map((key) => key.id), keys.map((key) => key.left)],
    );

    const mails = async () =>
      (await db()).mailMessage.findMany({ where: { to: { in: [owner.email, coOwner.email] } } });
    let delivered = await mails();
    while (delivered.length < expected && performance.now() - started < 15_000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      delivered = await mails();
    }
    const allWithinMs = Math.round(performance.now() - started);
    // Many more rounds on both instances: nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    delivered = await mails();
    console.log(
      `expiry warnings: ${expected} mails within ${allWithinMs} ms of the keys coming due; ` +
        `instance a warned ${handledBy(a)} keys, instance b ${handledBy(b)}`,
    );

    expect(delivered).toHaveLength(expected);
    for (const key of keys) {
      for (const person of [owner, coOwner]) {
        const about = delivered.filter((mail) => mail.to === person.email && mail.subject.includes(key.displayKey));
        expect(about, `${key.displayKey} to ${person.email}`).toHaveLength(1);
        expect(about[0]?.subject).toMatch(key.left === 3 * DAY ? /expires in 3 days$/ : /expires in 12 hours$/);
      }
    }
    const warned = await (await db()).websiteApiKey.findMany({ where: { id: { in: keys.map((key) => key.id) } } });
    for (const row of warned) {
      const left = keys.find((key) => key.id === row.id)?.left;
      expect(row.expiryWarned7dAt).not.toBeNull(); // the 12-hour keys: marked with their 1-day warning
      expect(row.expiryWarned1dAt === null).toBe(left === 3 * DAY);
    }
    const audits = await (await db()).auditEvent.count({
      where: { action: "api_key.expiring", targetId: { in: keys.map((key) => key.id) } },
    });
    expect(audits).toBe(keys.length);
  });
});
