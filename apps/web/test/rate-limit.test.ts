// Rate limits per credential and per website, shared by two server processes on one database (and
// on one Redis): together they never let through more than the limit, refuse with 429 in the
// envelope with Retry-After, and put RateLimit-* headers on every response.
import { Redis } from "ioredis";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LeasedLimiter } from "../src/server/rate-limit";
import { newUser, type TestUser, uniqueDomain } from "./helpers";
import { type RunningServer, startServer, testLogPath } from "./server";

const CREDENTIAL_LIMIT = 100;
const WEBSITE_LIMIT = 150;
/** How early a client spread over two instances may be refused: one lease of the other instance. */
const lease = (limit: number) => Math.max(1, Math.min(100, Math.floor(limit / 50)));
const REDIS_URL = "redis://127.0.0.1:6379";

async function startPair(extra: Record<string, string> = {}): Promise<RunningServer[]> {
  return Promise.all(
    [0, 1].map((n) =>
      startServer({
        env: {
          DATABASE_URL: inject("databaseUrl"),
          RATE_LIMIT_CREDENTIAL_PER_MINUTE: String(CREDENTIAL_LIMIT),
          RATE_LIMIT_WEBSITE_PER_MINUTE: String(WEBSITE_LIMIT),
          ...extra,
        },
        logPath: testLogPath(`rate-limit-${n}`),
      }),
    ),
  );
}

interface Answer {
  status: number;
  headers: Headers;
  body: { status?: string; error?: { code: number; message: string } } | null;
}

/** `count` requests, alternating between the servers, `concurrency` at a time, with the given credentials in turn. */
async function burst(servers: RunningServer[], path: string, tokens: string[], count: number, concurrency = 12) {
  const answers: (Answer & { token: string })[] = [];
  let next = 0;
  async function worker() {
    while (next < count) {
      const n = next++;
      const token = tokens[n % tokens.length] as string;
      const server = servers[n % servers.length] as RunningServer;
      const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      answers.push({ status: response.status, headers: response.headers, body: await response.json(), token });
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}

/**
 * Fixtures are created through the pair under test: every instance sharing a store must have the
 * same limits, or one with larger leases holds allowance the others cannot use.
 */
async function post(server: RunningServer, path: string, token: string, body: unknown) {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data: Record<string, string>[] };
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json.data[0] as Record<string, string>;
}

async function newWebsite(pair: RunningServer[], user: TestUser, label: string): Promise<string> {
  const created = await post(pair[0] as RunningServer, "/admin/websites", user.token, {
    domain: uniqueDomain(label),
    timezone: "UTC",
  });
  return created.websiteId as string;
}

async function newApiKey(pair: RunningServer[], user: TestUser, websiteId: string, name = "key") {
  const created = await post(pair[0] as RunningServer, `/admin/websites/${websiteId}/apikeys`, user.token, { name });
  return { _id: created._id as string, key: created.key as string };
}

const count = (answers: Answer[], status: number) => answers.filter((answer) => answer.status === status).length;

let owner: TestUser;
let outsider: TestUser;
let servers: RunningServer[] = [];
let redisServers: RunningServer[] = [];

beforeAll(async () => {
  [owner, outsider] = await Promise.all([newUser("limits-owner"), newUser("limits-outsider")]);
  [servers, redisServers] = await Promise.all([startPair(), startPair({ REDIS_URL })]);
});

afterAll(async () => {
  await Promise.all([...servers, ...redisServers].map((server) => server.stop()));
});

describe("per credential, across two processes sharing the database", () => {
  it("lets through at most the limit, at most one lease short of it, and refuses the rest with 429", async () => {
    const websiteId = await newWebsite(servers, owner, "limited");
    const { key } = await newApiKey(servers, owner, websiteId);
    const answers = await burst(servers, `/admin/websites/${websiteId}/apikeys`, [key], CREDENTIAL_LIMIT * 2);

    const allowed = count(answers, 200);
    console.log(
      `credential limit ${CREDENTIAL_LIMIT}/min over two processes: ${allowed} allowed, ${count(answers, 429)} refused`,
    );
    expect(allowed).toBeLessThanOrEqual(CREDENTIAL_LIMIT);
    expect(allowed).toBeGreaterThanOrEqual(CREDENTIAL_LIMIT - lease(CREDENTIAL_LIMIT));
    expect(allowed + count(answers, 429)).toBe(answers.length);

    const ok = answers.find((answer) => answer.status === 200);
    expect(ok?.headers.get("ratelimit-limit")).toBe(String(CREDENTIAL_LIMIT));
    expect(Number(ok?.headers.get("ratelimit-remaining"))).toBeLessThan(CREDENTIAL_LIMIT);
    expect(Number(ok?.headers.get("ratelimit-reset"))).toBeGreaterThanOrEqual(1);
    expect(Number(ok?.headers.get("ratelimit-reset"))).toBeLessThanOrEqual(60);
    expect(ok?.headers.get("retry-after")).toBeNull();

    const refused = answers.find((answer) => answer.status === 429);
    expect(refused?.body).toEqual({
      status: "error",
      error: {
        code: 429,
        message: expect.stringMatching(/^Rate limit exceeded: 100 requests per minute per credential/),
      },
    });
    const retryAfter = Number(refused?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused?.headers.get("ratelimit-remaining")).toBe("0");
  });

  it("counts each credential on its own", async () => {
    const websiteId = await newWebsite(servers, owner, "separate");
    const [first, second] = await Promise.all([
      newApiKey(servers, owner, websiteId, "a"),
      newApiKey(servers, owner, websiteId, "b"),
    ]);
    const spent = await burst(servers, `/admin/websites/${websiteId}/apikeys`, [first.key], CREDENTIAL_LIMIT + 5);
    expect(count(spent, 429)).toBeGreaterThan(0);
    const fresh = await burst(servers, `/admin/websites/${websiteId}/apikeys`, [second.key], 10);
    expect(count(fresh, 200)).toBe(10);
  });
});

describe("per website, all credentials together", () => {
  it("caps the website's total across keys and processes; refused outsiders spend none of it", async () => {
    const websiteId = await newWebsite(servers, owner, "busy");
    // An outsider naming the website is refused by the policy engine before the website limit counts.
    const foreign = await burst(servers, `/admin/websites/${websiteId}/apikeys`, [outsider.token], 60);
    expect(count(foreign, 403)).toBe(60);

    const keys = await Promise.all([1, 2, 3].map((n) => newApiKey(servers, owner, websiteId, `key ${n}`)));
    const answers = await burst(
      servers,
      `/admin/websites/${websiteId}/apikeys`,
      keys.map((k) => k.key),
      WEBSITE_LIMIT + 60,
    );
    // Creating the three keys counted against the website too.
    const allowed = count(answers, 200) + keys.length;
    console.log(`website limit ${WEBSITE_LIMIT}/min over three keys and two processes: ${allowed} allowed`);
    expect(allowed).toBeLessThanOrEqual(WEBSITE_LIMIT);
    expect(allowed).toBeGreaterThanOrEqual(WEBSITE_LIMIT - lease(WEBSITE_LIMIT));
    for (const { key } of keys) {
      expect(
        count(
          answers.filter((answer) => answer.token === key),
          200,
        ),
      ).toBeLessThanOrEqual(CREDENTIAL_LIMIT);
    }
    const refused = answers.find((answer) => answer.status === 429);
    expect(refused?.body?.error?.message).toMatch(/per website/);
  });
});

describe("through Redis when REDIS_URL is set", () => {
  it("shares the count between processes in Redis, not in the database", async () => {
    const websiteId = await newWebsite(redisServers, owner, "redis");
    const { _id, key } = await newApiKey(redisServers, owner, websiteId);
    const answers = await burst(redisServers, `/admin/websites/${websiteId}/apikeys`, [key], CREDENTIAL_LIMIT * 2);
    const allowed = count(answers, 200);
    expect(allowed).toBeLessThanOrEqual(CREDENTIAL_LIMIT);
    expect(allowed).toBeGreaterThanOrEqual(CREDENTIAL_LIMIT - lease(CREDENTIAL_LIMIT));

    const redis = new Redis(REDIS_URL);
    try {
      expect(Number(await redis.get(`keygate:credential:${_id}`))).toBeGreaterThanOrEqual(CREDENTIAL_LIMIT);
    } finally {
      redis.disconnect();
    }
  });
});

describe("leases", () => {
  /** A store that counts how often it is asked. */
  function countingStore(points: number) {
    const store = new RateLimiterMemory({ points, duration: 60 });
    let calls = 0;
    const consume = store.consume.bind(store);
    store.consume = (key, spend, options) => {
      calls++;
      return consume(key, spend, options);
    };
    return { store, calls: () => calls };
  }

  it("asks the shared store once per lease, not once per request", async () => {
    const { store, calls } = countingStore(6000);
    const limiter = new LeasedLimiter("credential", 6000, store, "memory");
    for (let n = 0; n < 1000; n++) expect((await limiter.consume("busy")).allowed).toBe(true);
    expect(calls()).toBe(1000 / lease(6000));
  });

  it("stops asking once the store says the window is spent, and reports what is left", async () => {
    const { store, calls } = countingStore(10);
    const limiter = new LeasedLimiter("website", 10, store, "memory");
    const decisions = [];
    for (let n = 0; n < 30; n++) decisions.push(await limiter.consume("site"));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
    expect(decisions.map((decision) => decision.remaining).slice(0, 10)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions.at(-1)).toMatchObject({ allowed: false, remaining: 0, limit: 10 });
    expect(calls()).toBe(11); // ten leases of one point, one refused lease, then nothing more
  });

  it("two limiters on one store never grant more than the limit together, even racing", async () => {
    const { store } = countingStore(500);
    const [a, b] = [0, 1].map(() => new LeasedLimiter("credential", 500, store, "memory")) as [
      LeasedLimiter,
      LeasedLimiter,
    ];
    const decisions = await Promise.all(Array.from({ length: 1200 }, (_, n) => (n % 2 ? a : b).consume("shared")));
    const allowed = decisions.filter((decision) => decision.allowed).length;
    expect(allowed).toBeLessThanOrEqual(500);
    expect(allowed).toBeGreaterThanOrEqual(500 - lease(500));
  });
});
