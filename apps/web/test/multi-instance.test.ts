// Two server processes on one database, each caching credentials and roles: a change made through
// one (or by staff, or straight in the database) is refused by the other within a second, under
// load — and at once by the instance that made it. While an instance cannot hear about changes, its
// cache is bypassed.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { NO_ORIGIN } from "../src/server/services/context";
import { setApiSuspended } from "../src/server/services/staff";
import { addMember, newUser, type TestUser, tokenFor, uniqueDomain } from "./helpers";
import { type RunningServer, startServer, testLogPath } from "./server";

const WITHIN_MS = 1_000;
const METRICS_TOKEN = "multi-instance-metrics-token";

/** One series of the server's /metrics, e.g. `keygate_credential_cache_live`. */
async function metric(server: RunningServer, series: string): Promise<number> {
  const text = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).then(
    (r) => r.text(),
  );
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return Number(line?.split(" ")[1] ?? Number.NaN);
}

let a: RunningServer;
let b: RunningServer;
let owner: TestUser;
const sql = new pg.Pool({ connectionString: inject("databaseUrl"), max: 2 });

async function call(server: RunningServer, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await response.json()) as { data?: Record<string, string>[] };
  return { status: response.status, data: json.data ?? [] };
}

async function newWebsite(user: TestUser): Promise<string> {
  const { data } = await call(a, "POST", "/admin/websites", user.token, {
    domain: uniqueDomain("multi"),
    timezone: "UTC",
  });
  return data[0]?.websiteId as string;
}

async function newKey(websiteId: string) {
  const { data } = await call(a, "POST", `/admin/websites/${websiteId}/apikeys`, owner.token, { name: "k" });
  return { id: data[0]?._id as string, key: data[0]?.key as string };
}

/** Requests with `token` to `server`, `concurrency` at a time, until stopped: the load the change lands in. */
function load(server: RunningServer, path: string, token: string, concurrency = 8) {
  let running = true;
  let requests = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (running) {
      await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
        r.arrayBuffer(),
      );
      requests++;
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return requests;
    },
  };
}

/** Milliseconds from now until `server` answers `expected` for the request; fails after WITHIN_MS × 3. */
async function refusedAfter(server: RunningServer, path: string, token: string, expected: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { status } = await call(server, "GET", path, token);
    const elapsed = performance.now() - started;
    if (status === expected) return elapsed;
    if (elapsed > WITHIN_MS * 3) throw new Error(`still ${status} after ${Math.round(elapsed)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Warms both caches with `token` on `path`, applies `change` while the other instance is under
 * load, and returns how long the other instance took to refuse (the changing one must at once).
 */
async function propagation(
  label: string,
  path: string,
  token: string,
  change: () => Promise<void>,
  expected: number,
  changedThrough: RunningServer | null = a,
) {
  for (const server of [a, b]) expect((await call(server, "GET", path, token)).status).toBe(200);
  const other = changedThrough === a ? b : a;
  const busy = load(other, path, token);
  await change();
  if (changedThrough) expect((await call(changedThrough, "GET", path, token)).status).toBe(expected);
  const delay = await refusedAfter(other, path, token, expected);
  const requests = await busy.stop();
  console.log(`${label}: refused by the other instance after ${delay.toFixed(0)} ms (${requests} requests of load)`);
  expect(delay).toBeLessThan(WITHIN_MS);
}

beforeAll(async () => {
  const env = {
    DATABASE_URL: inject("databaseUrl"),
    RATE_LIMIT_CREDENTIAL_PER_MINUTE: "0",
    RATE_LIMIT_WEBSITE_PER_MINUTE: "0",
    METRICS_TOKEN: METRICS_TOKEN,
  };
  [a, b] = await Promise.all([
    startServer({ env, logPath: testLogPath("multi-a") }),
    startServer({ env, logPath: testLogPath("multi-b") }),
  ]);
  owner = await newUser("multi-owner");
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await sql.end();
});

describe("two instances, one database", () => {
  it("each instance serves repeated lookups from its cache", async () => {
    const websiteId = await newWebsite(owner);
    const { key } = await newKey(websiteId);
    const hits = 'keygate_credential_cache_lookups_total{result="hit"}';
    // The key and the website's key list: at least 19 hits on the key after the first lookup. On a
    // loaded machine a heartbeat can miss its deadline and empty the cache for a moment (as it must
    // when the database may be unreachable), so a round may fall short: up to three rounds.
    const rounds: number[] = [];
    for (let round = 0; round < 3 && !rounds.some((count) => count >= 19); round++) {
      const before = await metric(b, hits);
      for (let n = 0; n < 20; n++)
        expect((await call(b, "GET", `/admin/websites/${websiteId}/apikeys`, key)).status).toBe(200);
      rounds.push((await metric(b, hits)) - before);
    }
    expect(await metric(b, "keygate_credential_cache_live")).toBe(1);
    expect(Math.max(...rounds), `hits per round: ${rounds.join(", ")}`).toBeGreaterThanOrEqual(19);
  });

  it("a website key revoked through one is refused by the other within a second", async () => {
    const websiteId = await newWebsite(owner);
    const { id, key } = await newKey(websiteId);
    await propagation(
      "df_ key revoked",
      `/admin/websites/${websiteId}/apikeys`,
      key,
      async () => {
        expect((await call(a, "DELETE", `/admin/websites/${websiteId}/apikeys/${id}`, owner.token)).status).toBe(200);
      },
      401,
    );
  });

  it("a rolled key's old value is refused by the other within a second", async () => {
    const websiteId = await newWebsite(owner);
    const { id, key } = await newKey(websiteId);
    await propagation(
      "df_ key rolled",
      `/admin/websites/${websiteId}/apikeys`,
      key,
      async () => {
        expect((await call(a, "PUT", `/admin/websites/${websiteId}/apikeys/${id}`, owner.token)).status).toBe(200);
      },
      401,
    );
  });

  it("a key rolled with a grace period: the old value works on both, then is refused by both within a second of the window ending", async () => {
    const websiteId = await newWebsite(owner);
    const { id, key: oldKey } = await newKey(websiteId);
    const path = `/admin/websites/${websiteId}/apikeys`;
    for (const server of [a, b]) expect((await call(server, "GET", path, oldKey)).status).toBe(200);
    const rolled = await call(a, "PUT", `${path}/${id}`, owner.token, { expireOldKeyInMinutes: 60 });
    expect(rolled.status).toBe(200);
    const rolledKey = rolled.data[0]?.key as string;
    for (const server of [a, b]) {
      for (let n = 0; n < 3; n++) expect((await call(server, "GET", path, oldKey)).status).toBe(200);
      expect((await call(server, "GET", path, rolledKey)).status).toBe(200);
    }
    // The window ended straight in the database: both instances refuse the old value.
    await sql.query(`UPDATE "WebsiteApiKey" SET "previousKeyExpiresAt" = now() - interval '1 second' WHERE "id" = $1`, [
      id,
    ]);
    for (const server of [a, b]) expect(await refusedAfter(server, path, oldKey, 401)).toBeLessThan(WITHIN_MS);
    for (const server of [a, b]) expect((await call(server, "GET", path, rolledKey)).status).toBe(200);
  });

  it("an old key cached during its grace window is refused when the window runs out, with no change to announce", async () => {
    const websiteId = await newWebsite(owner);
    const { id, key: oldKey } = await newKey(websiteId);
    const path = `/admin/websites/${websiteId}/apikeys`;
    expect((await call(a, "PUT", `${path}/${id}`, owner.token, { expireOldKeyInMinutes: 60 })).status).toBe(200);
    // A window that ends 2 s from now; the change is announced now, then both caches take the old value again.
    const { rows } = await sql.query<{ ends: Date }>(
      `UPDATE "WebsiteApiKey" SET "previousKeyExpiresAt" = now() + interval '2 seconds' WHERE "id" = $1
       RETURNING "previousKeyExpiresAt" AS "ends"`,
      [id],
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const server of [a, b]) {
      for (let n = 0; n < 3; n++) expect((await call(server, "GET", path, oldKey)).status).toBe(200);
    }
    const ends = (rows[0] as { ends: Date }).ends.getTime();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ends - Date.now())));
    // Well inside CREDENTIAL_CACHE_TTL_MS (10 s): only the expiry cached with the key refuses it.
    for (const server of [a, b]) expect(await refusedAfter(server, path, oldKey, 401)).toBeLessThan(WITHIN_MS);
  });

  it("an account token revoked through one is refused by the other within a second", async () => {
    const websiteId = await newWebsite(owner);
    const { data } = await call(a, "POST", "/admin/access-tokens", owner.token, {
      name: "agent",
      permissions: ["api-keys:read"],
      websiteIds: [websiteId],
    });
    const token = data[0] as { _id: string; key: string };
    await propagation(
      "dft_ token revoked",
      `/admin/websites/${websiteId}/apikeys`,
      token.key,
      async () => {
        expect((await call(a, "DELETE", `/admin/access-tokens/${token._id}`, owner.token)).status).toBe(200);
      },
      401,
    );
  });

  it("a member demoted to viewer, then removed, is refused by the other within a second each time", async () => {
    const websiteId = await newWebsite(owner);
    const member = await newUser("multi-member");
    await addMember(websiteId, member, "member");
    // The audit log is for owners and members: a viewer is refused.
    await propagation(
      "member demoted to viewer",
      `/admin/websites/${websiteId}/audit-log`,
      member.token,
      async () => {
        const body = { userId: member.id, role: "viewer" };
        expect((await call(a, "PUT", `/admin/websites/${websiteId}/team`, owner.token, body)).status).toBe(200);
      },
      403,
    );
    await propagation(
      "member removed",
      `/admin/websites/${websiteId}`,
      member.token,
      async () => {
        const body = { userId: member.id };
        expect((await call(a, "DELETE", `/admin/websites/${websiteId}/team`, owner.token, body)).status).toBe(200);
      },
      403,
    );
  });

  it("a website suspended by staff (another process) is refused by both within a second", async () => {
    const websiteId = await newWebsite(owner);
    const { key } = await newKey(websiteId);
    await propagation(
      "website suspended by staff",
      `/admin/websites/${websiteId}/apikeys`,
      key,
      () => setApiSuspended({ staffUserId: owner.id, origin: NO_ORIGIN, websiteId, suspended: true }),
      403,
      null,
    );
  });

  it("a suspension blocks the owner's account token on that website too, on both within a second", async () => {
    const websiteId = await newWebsite(owner);
    const token = await tokenFor(owner.id, ["*"]);
    await propagation(
      "website suspended (account token)",
      `/admin/websites/${websiteId}/apikeys`,
      token,
      () => setApiSuspended({ staffUserId: owner.id, origin: NO_ORIGIN, websiteId, suspended: true }),
      403,
      null,
    );
  });

  it("while an instance cannot hear about changes, it serves nothing from its cache", async () => {
    const websiteId = await newWebsite(owner);
    const { id, key } = await newKey(websiteId);
    const path = `/admin/websites/${websiteId}/apikeys`;
    for (let n = 0; n < 3; n++) expect((await call(b, "GET", path, key)).status).toBe(200);
    // Cut every instance's listening connection (these two and the suite's server), then revoke
    // behind their backs: no notice can reach them.
    const { rowCount } = await sql.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'keygate-access-listener'`,
    );
    expect(rowCount).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Still valid: served, and (were the cache in use) cached again.
    expect((await call(b, "GET", path, key)).status).toBe(200);
    await sql.query(`UPDATE "WebsiteApiKey" SET "revokedAt" = now() WHERE "id" = $1`, [id]);
    expect((await call(b, "GET", path, key)).status).toBe(401);
  });
});
