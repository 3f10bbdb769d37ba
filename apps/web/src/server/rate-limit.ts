// Rate limits: requests per minute per credential and per website for /api/v1 and the MCP server,
// and sign-ups per hour per address. rate-limiter-flexible counts them in fixed windows in a store
// every instance shares —
// Redis when REDIS_URL is set, otherwise the database's "RateLimit" table (the embedded database
// serves one process, so it counts in memory).
//
// The shared store is not hit on every request. An instance takes points from it in leases (up to
// 2% of the limit at a time) and spends them locally; once the store says a window is spent, the
// instance refuses locally until the window ends. Leases never add up to more than the limit, so
// instances together never let through more than the limit; the price is that a client spread over
// N instances may be refused up to (N − 1) leases early.
import type { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { env } from "../env";
import { database } from "./db";
import { errorFields, log } from "./log";
import { rateLimitDecisions, rateLimitStoreCalls } from "./metrics";

const WINDOW_S = 60;
const KEY_PREFIX = "keygate";

export type Scope = "credential" | "website" | "sign-up";

/** What a caller learns from the RateLimit-* headers, and whether this request may go on. */
export interface Decision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends and the full limit is available again. */
  resetSeconds: number;
}

interface Window {
  /** When the store's window ends (epoch ms). */
  endsAt: number;
  /** Points leased to this instance in this window, and how many of them it has spent. */
  leased: number;
  spent: number;
  /** Points the store had counted, all instances together, after this instance's last lease. */
  storeTotal: number;
  /** The store refused (part of) the last lease: the window is spent everywhere. */
  exhausted: boolean;
  pending?: Promise<void>;
}

type StoreName = "redis" | "postgres" | "memory";

export class LeasedLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly lease: number;
  private readonly fallback: RateLimiterMemory;
  private lastStoreWarning = 0;

  constructor(
    readonly scope: Scope,
    readonly limit: number,
    private readonly store: RateLimiterAbstract,
    private readonly storeName: StoreName,
    private readonly windowSeconds = WINDOW_S,
  ) {
    this.lease = Math.max(1, Math.min(100, Math.floor(limit / 50)));
    // While the shared store is unreachable each instance counts on its own.
    this.fallback = new RateLimiterMemory({
      points: limit,
      duration: windowSeconds,
      keyPrefix: `${KEY_PREFIX}:${scope}`,
    });
  }

  /** Spends one point of `id`'s window, taking a new lease from the store when this instance has none left. */
  async consume(id: string): Promise<Decision> {
    const decision = await this.spend(id);
    rateLimitDecisions.inc({ scope: this.scope, outcome: decision.allowed ? "allowed" : "limited" });
    return decision;
  }

  private async spend(id: string): Promise<Decision> {
    // Each turn either answers or waits for a lease, and every lease grants points or ends the window.
    for (let turn = 0; turn < 100; turn++) {
      const now = Date.now();
      let window = this.windows.get(id);
      if (window && window.endsAt <= now) {
        this.windows.delete(id);
        window = undefined;
      }
      if (window?.pending) {
        await window.pending;
        continue;
      }
      if (window && window.spent < window.leased) {
        window.spent++;
        return this.decide(window, true, now);
      }
      if (window?.exhausted) return this.decide(window, false, now);
      const fresh: Window = window ?? {
        endsAt: now + this.windowSeconds * 1000,
        leased: 0,
        spent: 0,
        storeTotal: 0,
        exhausted: false,
      };
      this.windows.set(id, fresh);
      fresh.pending = this.takeLease(id, fresh).finally(() => {
        fresh.pending = undefined;
      });
      await fresh.pending;
    }
    // Outrun by other requests for a hundred leases in a row: refuse rather than overshoot.
    return { allowed: false, limit: this.limit, remaining: 0, resetSeconds: 1 };
  }

  private async takeLease(id: string, window: Window): Promise<void> {
    let result: RateLimiterRes;
    try {
      result = await this.store.consume(`${this.scope}:${id}`, this.lease);
      rateLimitStoreCalls.inc({ store: this.storeName, result: "ok" });
    } catch (thrown) {
      if (thrown instanceof RateLimiterRes) {
        result = thrown;
        rateLimitStoreCalls.inc({ store: this.storeName, result: "spent" });
      } else {
        rateLimitStoreCalls.inc({ store: this.storeName, result: "error" });
        this.warn(thrown);
        result = await this.fallback.consume(`${this.scope}:${id}`, this.lease).catch((res: RateLimiterRes) => res);
      }
    }
    const total = result.consumedPoints;
    const granted = Math.max(0, Math.min(this.lease, this.limit - (total - this.lease)));
    window.leased += granted;
    window.storeTotal = total;
    window.exhausted = granted < this.lease;
    if (result.msBeforeNext > 0) window.endsAt = Date.now() + result.msBeforeNext;
  }

  private decide(window: Window, allowed: boolean, now: number): Decision {
    const unleased = Math.max(0, this.limit - window.storeTotal);
    return {
      allowed,
      limit: this.limit,
      remaining: unleased + (window.leased - window.spent),
      resetSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)),
    };
  }

  private warn(error: unknown) {
    if (Date.now() - this.lastStoreWarning < 60_000) return;
    this.lastStoreWarning = Date.now();
    log("warn", "rate-limit store unavailable; counting in this instance alone", {
      store: this.storeName,
      ...errorFields(error),
    });
  }

  /** Forgets ended windows (run from a timer, so memory stays bounded by the active callers). */
  sweep(now = Date.now()) {
    for (const [id, window] of this.windows) if (window.endsAt <= now && !window.pending) this.windows.delete(id);
  }
}

type Limiters = Record<Scope, LeasedLimiter | null>;

/** Each scope's limit and window (seconds); a limit of 0 is off. */
function settings(): Record<Scope, { limit: number; window: number }> {
  return {
    credential: { limit: env.RATE_LIMIT_CREDENTIAL_PER_MINUTE, window: WINDOW_S },
    website: { limit: env.RATE_LIMIT_WEBSITE_PER_MINUTE, window: WINDOW_S },
    "sign-up": { limit: env.RATE_LIMIT_SIGN_UPS_PER_HOUR, window: 3600 },
  };
}

async function createLimiters(): Promise<Limiters> {
  const scopes = settings();
  const on = (Object.keys(scopes) as Scope[]).filter((scope) => scopes[scope].limit > 0);
  const limiters: Limiters = { credential: null, website: null, "sign-up": null };
  if (on.length === 0) return limiters;
  const { store, name } = await sharedStore();
  for (const scope of on) {
    const { limit, window } = scopes[scope];
    limiters[scope] = new LeasedLimiter(scope, limit, store(limit, window), name, window);
  }
  setInterval(() => {
    for (const scope of on) limiters[scope]?.sweep();
  }, WINDOW_S * 1000).unref();
  return limiters;
}

async function sharedStore(): Promise<{
  store: (points: number, duration: number) => RateLimiterAbstract;
  name: StoreName;
}> {
  const options = (points: number, duration: number) => ({ points, duration, keyPrefix: KEY_PREFIX });
  if (env.REDIS_URL) {
    const { Redis } = await import("ioredis");
    const client: Redis = new Redis(env.REDIS_URL, {
      // Fail fast while Redis is away (the instance then counts alone) rather than queue requests.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      // A silent Redis must not hold requests: after this the instance counts alone.
      commandTimeout: 500,
    });
    client.on("error", () => undefined); // reconnects by itself; failures surface per call
    // Give it a moment to connect, so the first requests are counted in Redis too.
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      client.once("ready", done);
      setTimeout(done, 2_000).unref();
    });
    return {
      store: (points, duration) => new RateLimiterRedis({ storeClient: client, ...options(points, duration) }),
      name: "redis",
    };
  }
  const db = await database();
  const pool = db.pool;
  if (pool) {
    return {
      store: (points, duration) =>
        new RateLimiterPostgres({
          storeClient: pool,
          tableName: "RateLimit",
          tableCreated: true,
          ...options(points, duration),
        }),
      name: "postgres",
    };
  }
  return { store: (points, duration) => new RateLimiterMemory(options(points, duration)), name: "memory" };
}

const holder = globalThis as typeof globalThis & { __keygateLimiters?: Promise<Limiters> };

function limiters(): Promise<Limiters> {
  holder.__keygateLimiters ??= createLimiters();
  return holder.__keygateLimiters;
}

/** Counts one request (or sign-up) against `id` in `scope`; null when that limit is off. */
export async function consume(scope: Scope, id: string): Promise<Decision | null> {
  const limiter = (await limiters())[scope];
  if (!limiter) return null;
  return limiter.consume(id);
}

/**
 * Builds the limiters now (and connects to Redis). server.ts calls it at start, so that the limiters
 * — shared by the process, Next's bundle included — count into the metrics that /metrics serves.
 */
export async function startRateLimits(): Promise<void> {
  await limiters();
}
