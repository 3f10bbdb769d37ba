// Per-credential usage: requests answered for each website key and account token, by UTC day and
// status class, with the last client seen. Counted in memory on the request path (a Map lookup and an
// increment, nothing awaited) and written off it: every FLUSH_INTERVAL_MS, when the map grows past
// FLUSH_AT entries, and at shutdown, as one INSERT … ON CONFLICT DO UPDATE for the whole batch. The
// database adds, so any number of instances (or flushers) may write the same rows.
import type { Principal } from "@keygate/core/policy";
import type { Context } from "hono";
import { env } from "../../env";
import { database } from "../db";
import { errorFields, log } from "../log";
import type { RequestOrigin } from "../services/context";

export type UsageKind = "apiKey" | "accessToken";

const DAY_MS = 86_400_000;
const FLUSH_INTERVAL_MS = 5_000;
/** Entries (credential × day) that start a flush before the interval is up. */
const FLUSH_AT = 10_000;
/** Beyond this many entries waiting (the database down for a while), new credentials are not counted. */
const MAX_ENTRIES = 50_000;
/** Longer user agents are cut when written. */
const MAX_USER_AGENT = 512;

interface Entry {
  id: string;
  kind: UsageKind;
  /** Days since the epoch (UTC). */
  day: number;
  ok: number;
  redirect: number;
  client: number;
  server: number;
  /** When the last request of this entry was answered (epoch ms), and from where. */
  at: number;
  ip: string | null;
  userAgent: string | null;
}

export class UsageRecorder {
  /** The current day's entry of each credential. */
  private entries = new Map<string, Entry>();
  /** Entries of earlier days, replaced in `entries` when a credential's day changed. */
  private retired: Entry[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<number> | null = null;
  private dropped = 0;

  constructor(private readonly intervalMs = FLUSH_INTERVAL_MS) {}

  /** Counts one answered request. O(1), no I/O: safe on the hot path. */
  record(kind: UsageKind, id: string, status: number, ip: string | null, userAgent: string | null, now = Date.now()) {
    const day = Math.floor(now / DAY_MS);
    let entry = this.entries.get(id);
    if (entry === undefined || entry.day !== day) {
      if (this.entries.size + this.retired.length >= MAX_ENTRIES) {
        this.dropped++;
        return;
      }
      if (entry !== undefined) this.retired.push(entry);
      entry = { id, kind, day, ok: 0, redirect: 0, client: 0, server: 0, at: 0, ip: null, userAgent: null };
      this.entries.set(id, entry);
      if (this.timer === null) this.start();
      if (this.entries.size + this.retired.length >= FLUSH_AT && this.flushing === null) this.flushInBackground();
    }
    if (status < 300) entry.ok++;
    else if (status < 400) entry.redirect++;
    else if (status < 500) entry.client++;
    else entry.server++;
    if (now >= entry.at) {
      entry.at = now;
      entry.ip = ip;
      entry.userAgent = userAgent === null ? null : userAgent.slice(0, MAX_USER_AGENT);
    }
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.entries.size + this.retired.length;
  }

  /** Writes what is counted so far; resolves with the rows written. Waits for a flush already under way first. */
  async flush(): Promise<number> {
    while (this.flushing) await this.flushing.catch(() => 0);
    if (this.pending === 0) return 0;
    const batch = [...this.retired, ...this.entries.values()];
    this.entries = new Map();
    this.retired = [];
    this.flushing = write(batch).catch((error) => {
      this.restore(batch);
      throw error;
    });
    try {
      return await this.flushing;
    } finally {
      this.flushing = null;
    }
  }

  /** Starts the periodic flush (unref'd: it never keeps the process alive). Called by the first record. */
  start(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => this.flushInBackground(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops the periodic flush and writes what is left. */
  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }

  private flushInBackground(): void {
    if (this.dropped > 0) {
      log("warn", "credential usage: requests not counted (too many entries waiting)", { dropped: this.dropped });
      this.dropped = 0;
    }
    if (this.pending === 0 || this.flushing !== null) return;
    this.flush().catch((error) =>
      log("warn", "credential usage flush failed; kept for the next one", errorFields(error)),
    );
  }

  /** A batch the database refused goes back, added to what was counted meanwhile (within MAX_ENTRIES). */
  private restore(batch: Entry[]): void {
    for (const old of batch) {
      const current = this.entries.get(old.id);
      if (current === undefined && old.day === Math.floor(Date.now() / DAY_MS)) {
        this.entries.set(old.id, old);
      } else if (current !== undefined && current.day === old.day) {
        current.ok += old.ok;
        current.redirect += old.redirect;
        current.client += old.client;
        current.server += old.server;
        if (old.at > current.at) Object.assign(current, { at: old.at, ip: old.ip, userAgent: old.userAgent });
      } else if (this.pending < MAX_ENTRIES) {
        this.retired.push(old);
      } else {
        this.dropped += old.ok + old.redirect + old.client + old.server;
      }
    }
  }
}

const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * One statement for the whole batch. Rows are merged per (credential, day) first (one statement may
 * not update a row twice) and sent in key order, so concurrent flushers lock rows in the same order
 * and cannot deadlock. Rows of credentials deleted meanwhile are skipped.
 */
async function write(batch: Entry[]): Promise<number> {
  const merged = new Map<string, Entry>();
  for (const entry of batch) {
    const key = `${entry.id}|${entry.day}`;
    const seen = merged.get(key);
    if (seen === undefined) {
      merged.set(key, { ...entry });
      continue;
    }
    seen.ok += entry.ok;
    seen.redirect += entry.redirect;
    seen.client += entry.client;
    seen.server += entry.server;
    if (entry.at > seen.at) Object.assign(seen, { at: entry.at, ip: entry.ip, userAgent: entry.userAgent });
  }
  const rows = [...merged.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.day - b.day));
  const { query } = await database();
  const written = await query<{ n: number }>(
    `WITH written AS (
       INSERT INTO "CredentialUsage" AS u
         ("credentialId", "kind", "day", "ok2xx", "redirect3xx", "client4xx", "server5xx", "lastSeenAt", "lastIp", "lastUserAgent")
       SELECT r.id, r.kind, r.day, r.ok, r.redirect, r.client, r.server, r.at, r.ip, r.ua
       FROM unnest($1::text[], $2::text[], $3::date[], $4::int[], $5::int[], $6::int[], $7::int[],
                   $8::timestamp(3)[], $9::text[], $10::text[])
            WITH ORDINALITY AS r(id, kind, day, ok, redirect, client, server, at, ip, ua, n)
       WHERE (r.kind = 'apiKey' AND EXISTS (SELECT 1 FROM "WebsiteApiKey" k WHERE k."id" = r.id))
          OR (r.kind = 'accessToken' AND EXISTS (SELECT 1 FROM "AccessToken" t WHERE t."id" = r.id))
       ORDER BY r.n
       ON CONFLICT ("credentialId", "day") DO UPDATE SET
         "ok2xx" = u."ok2xx" + EXCLUDED."ok2xx",
         "redirect3xx" = u."redirect3xx" + EXCLUDED."redirect3xx",
         "client4xx" = u."client4xx" + EXCLUDED."client4xx",
         "server5xx" = u."server5xx" + EXCLUDED."server5xx",
         "lastSeenAt" = GREATEST(u."lastSeenAt", EXCLUDED."lastSeenAt"),
         "lastIp" = CASE WHEN EXCLUDED."lastSeenAt" >= u."lastSeenAt" THEN EXCLUDED."lastIp" ELSE u."lastIp" END,
         "lastUserAgent" = CASE WHEN EXCLUDED."lastSeenAt" >= u."lastSeenAt" THEN EXCLUDED."lastUserAgent" ELSE u."lastUserAgent" END
       RETURNING 1)
     SELECT count(*)::int AS n FROM written`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.kind),
      rows.map((r) => isoDay(r.day)),
      rows.map((r) => r.ok),
      rows.map((r) => r.redirect),
      rows.map((r) => r.client),
      rows.map((r) => r.server),
      rows.map((r) => new Date(r.at).toISOString()),
      rows.map((r) => r.ip),
      rows.map((r) => (r.userAgent === null ? null : r.userAgent.slice(0, MAX_USER_AGENT))),
    ],
  );
  return written[0]?.n ?? 0;
}

/** This process's recorder: the REST and MCP transports count into it; server.ts stops it at shutdown. */
export const usage = new UsageRecorder();

/** Counts a request answered for a website key or an account token (sessions are not counted). */
export function recordUsage(principal: Principal, status: number, origin: RequestOrigin): void {
  if (principal.kind === "apiKey") usage.record("apiKey", principal.keyId, status, origin.ip, origin.userAgent);
  else if (principal.kind === "accessToken")
    usage.record("accessToken", principal.tokenId, status, origin.ip, origin.userAgent);
}

const PRINCIPAL = "usagePrincipal";
const ORIGIN = "usageOrigin";

/** CREDENTIAL_USAGE=false: nothing is counted or written. */
export const usageEnabled = env.CREDENTIAL_USAGE;

/** Marks a request as answered for this credential, from this client: `countAnswer` counts it once answered. */
export function countFor(c: Context, principal: Principal, origin: RequestOrigin): void {
  if (!usageEnabled) return;
  c.set(PRINCIPAL, principal);
  c.set(ORIGIN, origin);
}

/**
 * Counts an answer given for a credential marked by `countFor`, with its final status (errors
 * included: Hono has turned them into the answer by then). Called by the transports' metrics
 * middleware once the answer is known. Requests refused before a credential was known (missing,
 * malformed, unknown, revoked) are nobody's.
 */
export function countAnswer(c: Context, status: number): void {
  const principal = c.get(PRINCIPAL) as Principal | undefined;
  if (principal !== undefined) recordUsage(principal, status, c.get(ORIGIN) as RequestOrigin);
}

/** Writes every count this process holds (tests; the flusher does it on its own otherwise). */
export function flushUsage(): Promise<number> {
  return usage.flush();
}
