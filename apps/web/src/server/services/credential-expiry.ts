// Expiry warnings: 7 days and 1 day before a website key or an account token expires, its people get
// one mail (a key: the website's owners; a token: its user; verified addresses only), the audit log
// one event, and a key's website its `api_key.expiring` webhook. Each warning is claimed by a
// conditional UPDATE … RETURNING before it is sent, so any number of instances running the job at once
// send it once; a credential created with less than a day left gets only the 1-day warning.
import { AppError } from "@keygate/core";
import { db } from "../db";
import type { Job } from "../jobs/runner";
import { errorFields, log } from "../log";
import { sendMail } from "../mail";
import { recordAudit } from "./audit";
import { NO_ORIGIN } from "./context";
import { appUrl } from "./email-verification";
import { enqueueWebhook } from "./webhooks";

const SYSTEM = { kind: "system" } as const;
const BATCH = 500;

type Warning = "7d" | "1d";
type Table = "WebsiteApiKey" | "AccessToken";

interface Claimed {
  id: string;
  name: string | null;
  displayKey: string;
  expiresAt: Date;
  /** The key's website, or the token's user. */
  ownerId: string;
}

/**
 * Claims up to BATCH warnings of one kind: rows that have not had it, are not revoked, and expire
 * within its window (the 7-day one stops where the 1-day one starts; claiming the 1-day one also
 * marks the 7-day one, so it is never sent afterwards). Returns what this caller now owns.
 */
function claimSql(table: Table, warning: Warning): string {
  const now = `($1::timestamptz AT TIME ZONE 'UTC')`;
  const owner = table === "WebsiteApiKey" ? `"websiteId"` : `"userId"`;
  const [column, set, window] =
    warning === "7d"
      ? [
          `"expiryWarned7dAt"`,
          `"expiryWarned7dAt" = ${now}`,
          [`${now} + interval '1 day'`, `${now} + interval '7 days'`],
        ]
      : [
          `"expiryWarned1dAt"`,
          `"expiryWarned1dAt" = ${now}, "expiryWarned7dAt" = COALESCE("expiryWarned7dAt", ${now})`,
          [now, `${now} + interval '1 day'`],
        ];
  return `UPDATE "${table}" SET ${set}
    WHERE "id" IN (
      SELECT "id" FROM "${table}"
      WHERE ${column} IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${window[0]} AND "expiresAt" <= ${window[1]}
      ORDER BY "expiresAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      AND ${column} IS NULL
    RETURNING "id", "name", "displayKey", "expiresAt", ${owner} AS "ownerId"`;
}

/** "7 days", "1 day", "12 hours": what is left, as the mail says it. */
function timeLeft(expiresAt: Date, now: Date): string {
  const hours = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 3_600_000));
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.ceil(hours / 24);
  return `${days} day${days === 1 ? "" : "s"}`;
}

const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The mails for one claimed credential: to whom, and what they say. */
async function mailsFor(table: Table, row: Claimed, now: Date) {
  const prisma = await db();
  const label = `"${row.name ?? "Unnamed"}" (${row.displayKey})`;
  const left = timeLeft(row.expiresAt, now);
  const after = `After that, requests with it get 401 "API key expired".`;
  if (table === "WebsiteApiKey") {
    const website = await prisma.website.findUnique({
      where: { id: row.ownerId },
      select: {
        domain: true,
        memberships: {
          where: { role: "owner", user: { emailVerifiedAt: { not: null } } },
          select: { user: { select: { email: true } } },
        },
      },
    });
    if (!website) return [];
    return website.memberships.map(({ user }) => ({
      to: user.email,
      subject: `Your API key ${label} for ${website.domain} expires in ${left}`,
      text:
        `The website API key ${label} for ${website.domain} expires on ${when(row.expiresAt)}, in ${left}. ${after}\n\n` +
        `To keep its integration working, create a new key on the website's Developer page, switch over, ` +
        `then revoke this one: ${appUrl(`/websites/${row.ownerId}/developer`)}`,
    }));
  }
  const user = await prisma.user.findFirst({
    where: { id: row.ownerId, emailVerifiedAt: { not: null } },
    select: { email: true },
  });
  if (!user) return [];
  return [
    {
      to: user.email,
      subject: `Your account token ${label} expires in ${left}`,
      text:
        `Your account token ${label} expires on ${when(row.expiresAt)}, in ${left}. ${after}\n\n` +
        `To keep what uses it working, create a new token, switch over, then delete this one: ${appUrl("/account/tokens")}`,
    },
  ];
}

/** One kind of warning for one table: claim a batch (with its audit events), then mail each. */
async function warnBatch(table: Table, warning: Warning, now: Date): Promise<number> {
  const prisma = await db();
  const claimed = await prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<Claimed[]>(claimSql(table, warning), now.toISOString());
    for (const row of rows) {
      await recordAudit(tx, {
        actor: SYSTEM,
        origin: NO_ORIGIN,
        action: table === "WebsiteApiKey" ? "api_key.expiring" : "access_token.expiring",
        target: { type: table === "WebsiteApiKey" ? "apiKey" : "accessToken", id: row.id },
        websiteId: table === "WebsiteApiKey" ? row.ownerId : null,
        metadata: { displayKey: row.displayKey, expiresAt: row.expiresAt.toISOString(), warning },
      });
      if (table === "WebsiteApiKey") {
        await enqueueWebhook(tx, row.ownerId, "api_key.expiring", {
          apiKey: { _id: row.id, name: row.name, displayKey: row.displayKey },
          expiresAt: row.expiresAt.toISOString(),
          warning,
        });
      }
    }
    return rows;
  });
  for (const row of claimed) {
    const mails = await mailsFor(table, row, now);
    const results = await Promise.allSettled(mails.map((mail) => sendMail(mail)));
    const failed = results.filter((result) => result.status === "rejected");
    if (failed.length > 0 && failed.length === mails.length) {
      // Nobody got it: give the warning back, so the next round tries again.
      const column = warning === "7d" ? "expiryWarned7dAt" : "expiryWarned1dAt";
      await prisma.$executeRawUnsafe(`UPDATE "${table}" SET "${column}" = NULL WHERE "id" = $1`, row.id);
    }
    for (const result of failed) {
      log("warn", "expiry warning not sent", { credentialId: row.id, warning, ...errorFields(result.reason) });
    }
  }
  return claimed.length;
}

/**
 * The expiry of a credential made by `caller`: a key or token that expires makes credentials that expire
 * no later — its own expiry when none is asked for, 403 when a later one is. Others make what they ask.
 */
export function expiryWithin(caller: object, requested: string | undefined): string | undefined {
  const own = "expiresAt" in caller && typeof caller.expiresAt === "string" ? caller.expiresAt : undefined;
  if (own === undefined) return requested;
  if (requested === undefined) return own;
  if (new Date(requested).getTime() > new Date(own).getTime()) {
    throw AppError.forbidden(`A credential that expires at ${own} cannot create one that outlives it`);
  }
  return requested;
}

/** Sends every due expiry warning; returns how many credentials were warned. */
export async function warnExpiringCredentials(now: Date = new Date()): Promise<number> {
  let warned = 0;
  for (const table of ["WebsiteApiKey", "AccessToken"] as const) {
    for (const warning of ["1d", "7d"] as const) {
      for (;;) {
        const count = await warnBatch(table, warning, now);
        warned += count;
        if (count < BATCH) break;
      }
    }
  }
  return warned;
}

export const credentialExpiryWarnings: Job = {
  name: "credential-expiry-warnings",
  everyMs: 10 * 60_000,
  run: warnExpiringCredentials,
};
