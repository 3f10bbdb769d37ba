// Server-side writes of the Website API: goals, payments and profiles.
import { newObjectId } from "@keygate/core";
import type { DeleteRange, PaymentInput } from "../store";
import { num, Params, rows } from "./sql";

/** Adds a goal to the visitor's latest session; null when the visitor has no session. */
export async function recordGoal(input: {
  websiteId: string;
  visitorId: string;
  name: string;
  properties: Record<string, string> | null;
  at: Date;
}): Promise<string | null> {
  const [row] = await rows<{ id: string }>(
    `WITH last AS (SELECT "id", "hostname", "exitPath" FROM "AnalyticsSession"
                   WHERE "websiteId" = $1 AND "visitorId" = $2 ORDER BY "endedAt" DESC LIMIT 1),
          bump AS (UPDATE "AnalyticsSession" s SET "events" = s."events" + 1 FROM last WHERE s."id" = last."id")
     INSERT INTO "AnalyticsEvent" ("id", "websiteId", "sessionId", "visitorId", "type", "name", "hostname", "path",
       "properties", "origin", "createdAt")
     SELECT $3, $1, last."id", $2, 'custom', $4, last."hostname", last."exitPath", $5::jsonb, 'api', $6 FROM last
     RETURNING "id"`,
    [
      input.websiteId,
      input.visitorId,
      newObjectId(input.at),
      input.name,
      input.properties ? JSON.stringify(input.properties) : null,
      input.at.toISOString(),
    ],
  );
  return row?.id ?? null;
}

function rangeSql(range: DeleteRange | null, column: string, p: Params): string {
  return range ? `AND ${column} BETWEEN ${p.add(range.start.toISOString())} AND ${p.add(range.end.toISOString())}` : "";
}

/** Deletes goal events (not the sessions they belong to, whose counts follow); returns how many. */
export async function deleteGoals(input: {
  websiteId: string;
  visitorId: string | null;
  name: string | null;
  range: DeleteRange | null;
}): Promise<number> {
  const p = new Params();
  const where = [
    `e."websiteId" = ${p.add(input.websiteId)}`,
    `e."type" = 'custom'`,
    input.visitorId ? `e."visitorId" = ${p.add(input.visitorId)}` : "",
    input.name ? `e."name" = ${p.add(input.name)}` : "",
  ].filter(Boolean);
  const [row] = await rows<{ deleted: string }>(
    `WITH d AS (DELETE FROM "AnalyticsEvent" e WHERE ${where.join(" AND ")} ${rangeSql(input.range, `e."createdAt"`, p)}
                RETURNING e."sessionId"),
          c AS (SELECT "sessionId", count(*) AS n FROM d GROUP BY "sessionId"),
          u AS (UPDATE "AnalyticsSession" s SET "events" = s."events" - c.n FROM c WHERE s."id" = c."sessionId")
     SELECT coalesce(sum(n), 0) AS "deleted" FROM c`,
    p,
  );
  return num(row?.deleted);
}

/**
 * Records a payment once per transaction id (a unique index decides between parallel retries).
 * Without a visitor id, an email the tracker saw on a checkout page in the last 7 days attributes it.
 */
export async function recordPayment(input: PaymentInput): Promise<{ created: boolean; visitorId: string | null }> {
  const [row] = await rows<{ visitorId: string | null }>(
    `INSERT INTO "AnalyticsPayment" ("id", "websiteId", "transactionId", "visitorId", "amount", "currency", "renewal",
       "refunded", "isFreeTrial", "email", "name", "customerId", "createdAt")
     VALUES ($1, $2, $3, coalesce($4, (
         SELECT e."visitorId" FROM "AnalyticsEvent" e
         WHERE e."websiteId" = $2 AND e."type" = 'payment' AND $10::text IS NOT NULL
           AND e."createdAt" >= $14 AND lower(e."properties"->>'email') = lower($10)
         ORDER BY e."createdAt" DESC LIMIT 1)),
       $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT ("websiteId", "transactionId") DO NOTHING
     RETURNING "visitorId"`,
    [
      newObjectId(input.at),
      input.websiteId,
      input.transactionId,
      input.visitorId,
      input.amount,
      input.currency,
      input.renewal,
      input.refunded,
      input.isFreeTrial,
      input.email,
      input.name,
      input.customerId,
      input.at.toISOString(),
      new Date(Date.now() - 7 * 86_400_000).toISOString(),
    ],
  );
  return row ? { created: true, visitorId: row.visitorId } : { created: false, visitorId: input.visitorId };
}

/** Deletes payments by transaction id, visitor or range (at least one); returns how many. */
export async function deletePayments(input: {
  websiteId: string;
  transactionId: string | null;
  visitorId: string | null;
  range: DeleteRange | null;
}): Promise<number> {
  const p = new Params();
  const where = [`"websiteId" = ${p.add(input.websiteId)}`];
  if (input.transactionId) where.push(`"transactionId" = ${p.add(input.transactionId)}`);
  else {
    if (input.visitorId) where.push(`"visitorId" = ${p.add(input.visitorId)}`);
    if (input.range) where.push(rangeSql(input.range, `"createdAt"`, p).slice(4));
  }
  const [row] = await rows<{ deleted: string }>(
    `WITH d AS (DELETE FROM "AnalyticsPayment" WHERE ${where.join(" AND ")} RETURNING 1) SELECT count(*) AS "deleted" FROM d`,
    p,
  );
  return num(row?.deleted);
}

/** Creates or updates the visitor's profile; other keys are merged into its metadata. */
export async function identify(input: {
  websiteId: string;
  visitorId: string;
  userId: string;
  metadata: Record<string, unknown>;
  at: Date;
}): Promise<string> {
  const [row] = await rows<{ id: string }>(
    `INSERT INTO "AnalyticsProfile" AS pr ("id", "websiteId", "visitorId", "userId", "metadata", "identifiedAt")
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT ("websiteId", "visitorId") DO UPDATE SET
       "userId" = EXCLUDED."userId", "metadata" = pr."metadata" || EXCLUDED."metadata", "identifiedAt" = EXCLUDED."identifiedAt"
     RETURNING "id"`,
    [
      newObjectId(input.at),
      input.websiteId,
      input.visitorId,
      input.userId,
      JSON.stringify(input.metadata),
      input.at.toISOString(),
    ],
  );
  return row?.id ?? "";
}

/** Removes every analytics row of a website (demo regeneration). */
export async function clearWebsite(websiteId: string): Promise<void> {
  for (const table of ["AnalyticsEvent", "AnalyticsSession", "AnalyticsPayment", "AnalyticsProfile"]) {
    await rows(`DELETE FROM "${table}" WHERE "websiteId" = $1`, [websiteId]);
  }
}
