// The webhook delivery job: claims due deliveries (FOR UPDATE SKIP LOCKED, so instances running it
// together never send one twice), POSTs each signed payload with a timeout, and on anything but a 2xx
// retries with exponential backoff until MAX_ATTEMPTS, then marks it failed. Redirects are not followed.
import { createHmac } from "node:crypto";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { env } from "../../env";
import { database } from "../db";
import { type Job, runJob } from "../jobs/runner";
import { errorFields, log } from "../log";
import { openWebhookSecret } from "../services/webhooks";
import { checkedLookup, hostOf, isBlockedAddress, REFUSED_TARGET } from "./target";

export const MAX_ATTEMPTS = 8;
export const DELIVERY_TIMEOUT_MS = 10_000;
const BATCH = 20;
/** A claimed delivery whose process died mid-send is tried again after this (well above the timeout). */
const LEASE_MS = 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_CAP_MS = 6 * 3_600_000;

/** Wait after the nth failed attempt: 1 min × 2^(n−1), at most 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>` (the Keygate-Signature header). */
export function signature(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
}

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/** POSTs `body` to `url` once; connects only to addresses the target rules allow. */
function post(url: URL, body: string, headers: Record<string, string>): Promise<Outcome> {
  const host = hostOf(url);
  if (isIP(host) && isBlockedAddress(host) && !env.WEBHOOKS_ALLOW_PRIVATE_TARGETS) {
    return Promise.resolve({ ok: false, status: null, error: REFUSED_TARGET });
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const done = (outcome: Outcome) => {
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = client.request(
      url,
      {
        method: "POST",
        agent: false,
        lookup: checkedLookup as never,
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        // The status is the answer: the body is never read, and the socket is closed at once, so an
        // endpoint that answers and then streams forever holds nothing open.
        const status = response.statusCode ?? 0;
        response.destroy();
        done(status >= 200 && status < 300 ? { ok: true, status } : { ok: false, status, error: `HTTP ${status}` });
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)),
      DELIVERY_TIMEOUT_MS,
    );
    request.on("error", (error: NodeJS.ErrnoException) =>
      done({
        ok: false,
        status: null,
        error: (error.code === "EBLOCKED" ? REFUSED_TARGET : error.message).slice(0, 500),
      }),
    );
    request.end(body);
  });
}

type Claimed = {
  id: string;
  endpointId: string;
  event: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
};

const utc = (at: Date) => at.toISOString();

/** One round: claims up to BATCH due deliveries and sends them; returns how many were attempted. */
export async function deliverWebhooks(now: Date = new Date()): Promise<number> {
  const { query } = await database();
  const claimed = await query<Claimed>(
    `WITH claimed AS (
       UPDATE "WebhookDelivery" SET "attempts" = "attempts" + 1,
         "nextAttemptAt" = ($1::timestamptz AT TIME ZONE 'UTC') + make_interval(secs => $3::int / 1000.0)
       WHERE "id" IN (
         SELECT "id" FROM "WebhookDelivery"
         WHERE "status" = 'pending' AND "nextAttemptAt" <= ($1::timestamptz AT TIME ZONE 'UTC')
         ORDER BY "nextAttemptAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING "id", "endpointId", "event", "payload", "attempts")
     SELECT c.*, e."url", e."secret" FROM claimed c JOIN "WebhookEndpoint" e ON e."id" = c."endpointId"`,
    [utc(now), BATCH, LEASE_MS],
  );
  // All at once: a round lasts at most about one timeout, well inside the lease.
  await Promise.all(claimed.map((delivery) => attempt(delivery, now)));
  return claimed.length;
}

async function attempt(delivery: Claimed, now: Date): Promise<void> {
  const body = JSON.stringify(delivery.payload);
  let outcome: Outcome;
  try {
    const secret = openWebhookSecret(delivery.secret, delivery.endpointId);
    outcome = await post(new URL(delivery.url), body, {
      "user-agent": "Keygate-Webhooks/1",
      "keygate-event": delivery.event,
      "keygate-delivery": delivery.id,
      "keygate-signature": signature(secret, body, new Date()),
    });
  } catch (error) {
    log("error", "webhook not sent", { deliveryId: delivery.id, ...errorFields(error) });
    outcome = { ok: false, status: null, error: "Could not send (see the server log)" };
  }
  const { query } = await database();
  // Only the claim that made this attempt may record it (a lease that ran out was claimed again).
  if (outcome.ok) {
    await query(
      `UPDATE "WebhookDelivery" SET "status" = 'delivered', "deliveredAt" = ($2::timestamptz AT TIME ZONE 'UTC'),
         "lastStatusCode" = $3, "lastError" = NULL WHERE "id" = $1 AND "attempts" = $4`,
      [delivery.id, utc(new Date()), outcome.status, delivery.attempts],
    );
    return;
  }
  const failed = delivery.attempts >= MAX_ATTEMPTS;
  await query(
    `UPDATE "WebhookDelivery" SET "status" = $2, "lastStatusCode" = $3, "lastError" = $4,
       "nextAttemptAt" = ($5::timestamptz AT TIME ZONE 'UTC') WHERE "id" = $1 AND "attempts" = $6`,
    [
      delivery.id,
      failed ? "failed" : "pending",
      outcome.status,
      outcome.error,
      utc(new Date(now.getTime() + backoffMs(delivery.attempts))),
      delivery.attempts,
    ],
  );
  log(failed ? "warn" : "info", failed ? "webhook failed" : "webhook attempt failed", {
    deliveryId: delivery.id,
    attempts: delivery.attempts,
    status: outcome.status,
  });
}

export const webhookDelivery: Job = { name: "webhook-delivery", everyMs: 5_000, run: deliverWebhooks };

let soon: NodeJS.Timeout | undefined;
let kicked: Promise<unknown> | undefined;
/**
 * A queued event goes out a moment after its transaction commits (one round 250 ms later), not on the
 * next tick. At most one such round runs at a time on an instance; events queued meanwhile wait for
 * the next one or for the scheduled round.
 */
export function kickDelivery(): void {
  if (!env.JOBS_ENABLED || soon) return;
  soon = setTimeout(() => {
    soon = undefined;
    if (kicked) return;
    kicked = runJob(webhookDelivery).finally(() => {
      kicked = undefined;
    });
  }, 250);
  soon.unref();
}

/** Delivered and failed deliveries are kept this long in the log, then deleted. */
export const WEBHOOK_LOG_DAYS = 30;

/** Deletes finished deliveries older than WEBHOOK_LOG_DAYS, 5,000 at a time. */
export async function cleanWebhookLog(now: Date = new Date()): Promise<number> {
  const { query } = await database();
  const deleted = await query<{ id: string }>(
    `DELETE FROM "WebhookDelivery" WHERE "id" IN (
       SELECT "id" FROM "WebhookDelivery"
       WHERE "status" <> 'pending' AND "createdAt" < ($1::timestamptz AT TIME ZONE 'UTC') - make_interval(days => $2)
       LIMIT 5000 FOR UPDATE SKIP LOCKED)
     RETURNING "id"`,
    [utc(now), WEBHOOK_LOG_DAYS],
  );
  return deleted.length;
}

export const webhookCleanup: Job = { name: "webhook-cleanup", everyMs: 3_600_000, run: cleanWebhookLog };
