// `Idempotency-Key` on the routes that return a raw key once (create, roll): a client that lost the
// answer retries with the same key and gets the same answer — the same raw key — instead of a second
// credential. The first request reserves the key in one INSERT (concurrent retries see it reserved
// and get 409); its answer is stored sealed (AES-256-GCM, see seal.ts) for 24 hours. A request that
// fails frees its key, so the retry runs for real.
import { createHash } from "node:crypto";
import { AppError } from "@keygate/core";
import { env } from "../../env";
import { database } from "../db";
import type { Job } from "../jobs/runner";
import { seal, sealingKey, unseal } from "../seal";

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotent-Replayed";
const TTL = "24 hours";
/** A reservation whose request never finished (its process died) is given up after this long. */
const ABANDONED = "2 minutes";
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

let key: Buffer | undefined;
const sealKey = () => {
  key ??= sealingKey(env.AUTH_SECRET, "keygate idempotent response v1");
  return key;
};

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** JSON with object keys sorted, so two bodies that differ only in key order or spacing match. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export interface IdempotentCall {
  /** Whose retries these are: the key's, the token's or the user's id. */
  credential: string;
  /** The header's value as sent. */
  key: string;
  method: string;
  path: string;
  /** The parsed JSON body ({} when empty). */
  body: unknown;
}

/** Checks the header's shape: 1 to 255 visible ASCII characters (a UUID is the usual choice). */
export function checkIdempotencyKey(value: string): string {
  if (!KEY_SHAPE.test(value)) {
    throw AppError.badRequest("Invalid Idempotency-Key header", [
      { path: IDEMPOTENCY_HEADER, message: "1 to 255 visible ASCII characters, e.g. a UUID" },
    ]);
  }
  return value;
}

/**
 * Runs `run` once per (credential, key): the first call runs it and keeps its result; a retry with
 * the same request gets that result again (`replayed: true`); the same key on another request is a
 * 400, and a retry while the first call still runs a 409.
 */
export async function idempotent<T>(
  call: IdempotentCall,
  run: () => Promise<T>,
): Promise<{ result: T; replayed: boolean }> {
  const id = sha256(`${call.credential}\n${call.key}`);
  const fingerprint = sha256(`${call.method.toUpperCase()} ${call.path}\n${canonical(call.body)}`);
  const { query } = await database();
  for (let attempt = 0; attempt < 3; attempt++) {
    // Reserve the key, or take over a reservation that expired or was abandoned.
    const [reserved] = await query<{ at: string }>(
      `INSERT INTO "IdempotentRequest" ("id", "fingerprint", "expiresAt") VALUES ($1, $2, now() + interval '${TTL}')
       ON CONFLICT ("id") DO UPDATE SET "fingerprint" = EXCLUDED."fingerprint", "response" = NULL,
         "createdAt" = now(), "expiresAt" = EXCLUDED."expiresAt"
       WHERE "IdempotentRequest"."expiresAt" <= now()
          OR ("IdempotentRequest"."response" IS NULL AND "IdempotentRequest"."createdAt" < now() - interval '${ABANDONED}')
       RETURNING "createdAt"::text AS "at"`,
      [id, fingerprint],
    );
    if (reserved) {
      // Only this reservation is finished or freed: one taken over after ABANDONED belongs to its taker.
      const mine = `"id" = $1 AND "createdAt" = $2::timestamp`;
      let result: T;
      try {
        result = await run();
      } catch (error) {
        await query(`DELETE FROM "IdempotentRequest" WHERE ${mine} AND "response" IS NULL`, [id, reserved.at]).catch(
          () => {},
        );
        throw error;
      }
      await query(`UPDATE "IdempotentRequest" SET "response" = $3 WHERE ${mine}`, [
        id,
        reserved.at,
        seal(JSON.stringify(result), id, sealKey()),
      ]);
      return { result, replayed: false };
    }
    const [existing] = await query<{ fingerprint: string; response: string | null }>(
      `SELECT "fingerprint", "response" FROM "IdempotentRequest" WHERE "id" = $1`,
      [id],
    );
    if (!existing) continue; // the first request failed and freed the key just now: try to reserve it again
    if (existing.fingerprint !== fingerprint) {
      throw AppError.badRequest("This Idempotency-Key was already used for a different request", [
        { path: IDEMPOTENCY_HEADER, message: "Use a new key for a new request" },
      ]);
    }
    if (existing.response === null) {
      throw new AppError("conflict", "A request with this Idempotency-Key is still in progress; retry in a moment");
    }
    let kept: string;
    try {
      kept = unseal(existing.response, id, sealKey());
    } catch {
      // Sealed under another AUTH_SECRET (or altered): it cannot be replayed, so it is let go.
      await query(`DELETE FROM "IdempotentRequest" WHERE "id" = $1`, [id]);
      throw new AppError(
        "conflict",
        "The answer kept for this Idempotency-Key can no longer be read; send the request with a new key",
      );
    }
    return { result: JSON.parse(kept) as T, replayed: true };
  }
  throw new AppError("conflict", "A request with this Idempotency-Key is still in progress; retry in a moment");
}

/** Deletes kept answers past their 24 hours, a batch at a time. */
export const idempotencyCleanup: Job = {
  name: "idempotency-cleanup",
  everyMs: 15 * 60_000,
  async run() {
    const { query } = await database();
    let deleted = 0;
    for (let round = 0; round < 20; round++) {
      const rows = await query<{ id: string }>(
        `DELETE FROM "IdempotentRequest" WHERE "id" IN (
           SELECT "id" FROM "IdempotentRequest" WHERE "expiresAt" <= now() LIMIT 5000 FOR UPDATE SKIP LOCKED)
         RETURNING "id"`,
      );
      deleted += rows.length;
      if (rows.length < 5000) break;
    }
    return deleted;
  },
};
