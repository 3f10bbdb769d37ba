// A short-lived, in-process cache of what the hot path looks up on every request: the principal
// behind a key hash, a user's role on a website, whether a public dashboard is on. It never loosens
// anything:
// - the instance that changes access (roll, revoke, demote, remove, suspend…) empties its own cache
//   before it answers (`accessChanged`, called by the transports after every such write);
// - every other instance empties its cache when Postgres announces the change on the
//   `keygate_access` channel (triggers fire at commit: see the access_changed migration), within
//   milliseconds;
// - while that channel is down the cache is empty and bypassed, until it is back;
// - entries expire after CREDENTIAL_CACHE_TTL_MS regardless.
// Off until `startAccessCache` switches it on (the server does; tests and ops commands don't).
import pg from "pg";
import { env } from "../../env";
import { errorFields, log } from "../log";

const CHANNEL = "keygate_access";
const MAX_ENTRIES = 50_000;
/**
 * The listening connection is asked a question this often, and must answer within this long: a
 * connection dropped silently (a NAT or a balancer forgetting it) turns the cache off within a second.
 */
const HEARTBEAT_MS = 400;
/** Waits before reconnecting the listener; meanwhile the cache is bypassed (slower, never stale). */
const RECONNECT_MS = [1_000, 2_000, 5_000];

interface Entry {
  value: unknown;
  expiresAt: number;
}

interface State {
  entries: Map<string, Entry>;
  /** Whether entries may be served and stored: only while changes are sure to reach this instance. */
  live: boolean;
  /** Bumped on every flush, so a lookup that started before a change cannot store its stale answer. */
  generation: number;
  hits: number;
  misses: number;
}

// On globalThis: Next's server bundle (dashboard) and the REST router each load this module, and a
// write through either must empty the one cache of the process.
const holder = globalThis as typeof globalThis & { __keygateAccessCache?: State };
holder.__keygateAccessCache ??= { entries: new Map(), live: false, generation: 0, hits: 0, misses: 0 };
const state = holder.__keygateAccessCache;

/** Hits and misses since start, for /metrics. */
export function cacheCounts(): { hits: number; misses: number; size: number } {
  return { hits: state.hits, misses: state.misses, size: state.entries.size };
}

function flush() {
  state.generation++;
  state.entries.clear();
}

/**
 * `load()`'s answer for `key`, from the cache when live and fresh. Answers `keep` turns down are not
 * stored (unknown keys: a flood of random ones must not push out the real ones).
 */
export async function cached<T>(
  key: string,
  load: () => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<T> {
  if (!state.live) return load();
  const entry = state.entries.get(key);
  if (entry && entry.expiresAt > Date.now()) {
    state.hits++;
    return entry.value as T;
  }
  state.misses++;
  const started = state.generation;
  const value = await load();
  if (state.live && state.generation === started && keep(value)) {
    if (state.entries.size >= MAX_ENTRIES) state.entries.delete(state.entries.keys().next().value as string);
    state.entries.set(key, { value, expiresAt: Date.now() + env.CREDENTIAL_CACHE_TTL_MS });
  }
  return value;
}

/** Access changed through this instance: forget everything before answering. */
export function accessChanged(): void {
  if (state.live || state.entries.size > 0) flush();
}

function goLive() {
  flush(); // anything may have changed while changes could not reach us
  state.live = true;
}

function goDark() {
  state.live = false;
  flush();
}

export function isCacheLive(): boolean {
  return state.live;
}

/**
 * Switches the cache on. With Postgres it follows a dedicated LISTEN connection: live while it is
 * up, dark (empty, bypassed) while it is down and reconnecting. The embedded database serves one
 * process, whose own writes flush it, so the cache is simply live.
 */
export function startAccessCache(databaseUrl: string | undefined): { stop(): Promise<void> } {
  if (env.CREDENTIAL_CACHE_TTL_MS === 0) return { stop: async () => undefined };
  if (!databaseUrl) {
    goLive();
    return { stop: async () => goDark() };
  }
  let client: pg.Client | null = null;
  let stopped = false;
  let failures = 0;
  let heartbeat: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (stopped) return;
    const next = new pg.Client({
      connectionString: databaseUrl,
      application_name: "keygate-access-listener",
      keepAlive: true,
    });
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = null;
      clearInterval(heartbeat);
      goDark();
      if (stopped) return;
      log("warn", "access-change listener lost; credential cache bypassed until it is back", {
        ...(error ? errorFields(error) : {}),
      });
      setTimeout(connect, RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)]).unref();
    };
    next.on("notification", () => flush());
    next.on("error", lost);
    next.on("end", () => lost());
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
      if (client !== next || stopped) return;
      failures = 0;
      goLive();
      heartbeat = setInterval(() => {
        const silent = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("the listening connection did not answer")), HEARTBEAT_MS).unref(),
        );
        Promise.race([next.query("SELECT 1"), silent]).catch((error: Error) => {
          lost(error);
          next.end().catch(() => undefined);
        });
      }, HEARTBEAT_MS).unref();
    } catch (error) {
      lost(error as Error);
      next.end().catch(() => undefined);
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      const open = client;
      client = null;
      clearInterval(heartbeat);
      goDark();
      await open?.end().catch(() => undefined);
    },
  };
}
