// Leaked-key response: a secret-scanning partner reports keys or tokens it found in public, signed
// (the REST route verifies the signature). Each value of ours is revoked at once — the website key
// (or, for an old value still in its roll grace period, that old value only) or the account token —
// audited with the partner as actor, recorded once for staff, and mailed to the website's owners or
// the token's user. A report sent again changes nothing and mails nobody twice.
import { AppError, newObjectId } from "@keygate/core";
import type { LeakEvent, LeakReportItem, LeakReportLabel } from "@keygate/core/contracts";
import { hashKey, parseKey } from "@keygate/core/credentials";
import type { Prisma } from "@keygate/db";
import type { Signer } from "../auth/secret-scanning";
import { db } from "../db";
import { log } from "../log";
import { sendMail } from "../mail";
import { recordAudit } from "./audit";
import type { RequestOrigin } from "./context";
import { enqueueWebhook } from "./webhooks";

type Outcome = "revoked" | "grace_ended" | "already_revoked";

/** A reported value that is a key or token Keygate issued (now or once). */
interface Match {
  kind: "apiKey" | "accessToken";
  credentialId: string;
  displayKey: string;
  websiteId: string | null;
  userId: string | null;
  /** The value is the old one of a rolled key, not its current one. */
  previousValue: boolean;
}

async function findCredential(tokenHash: string, raw: string): Promise<Match | null> {
  const kind = parseKey(raw);
  if (kind === null) return null; // shape or checksum wrong: a look-alike, never ours
  const prisma = await db();
  if (kind === "apiKey") {
    const key = await prisma.websiteApiKey.findFirst({
      where: { OR: [{ keyHash: tokenHash }, { previousKeyHash: tokenHash }] },
      select: { id: true, displayKey: true, websiteId: true, keyHash: true },
    });
    if (!key) return null;
    return {
      kind,
      credentialId: key.id,
      displayKey: key.displayKey,
      websiteId: key.websiteId,
      userId: null,
      previousValue: key.keyHash !== tokenHash,
    };
  }
  const token = await prisma.accessToken.findUnique({
    where: { keyHash: tokenHash },
    select: { id: true, displayKey: true, userId: true },
  });
  if (!token) return null;
  return {
    kind,
    credentialId: token.id,
    displayKey: token.displayKey,
    websiteId: null,
    userId: token.userId,
    previousValue: false,
  };
}

/** Makes the reported value stop working, in the caller's transaction; says what it found. */
async function revoke(tx: Prisma.TransactionClient, match: Match, tokenHash: string): Promise<Outcome> {
  if (match.kind === "accessToken") {
    const { count } = await tx.accessToken.updateMany({
      where: { id: match.credentialId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return count === 1 ? "revoked" : "already_revoked";
  }
  if (match.previousValue) {
    // Only the old value leaked: its grace ends now; the current value (never reported) keeps working.
    const [row] = await tx.$queryRaw<{ working: boolean }[]>`
      SELECT ("revokedAt" IS NULL AND "previousKeyExpiresAt" > now()) AS "working" FROM "WebsiteApiKey"
      WHERE "id" = ${match.credentialId} AND "previousKeyHash" = ${tokenHash} FOR UPDATE`;
    if (!row) return "already_revoked";
    await tx.websiteApiKey.updateMany({
      where: { id: match.credentialId, previousKeyHash: tokenHash },
      data: { previousKeyHash: null, previousKeyExpiresAt: null },
    });
    return row.working ? "grace_ended" : "already_revoked";
  }
  const { count } = await tx.websiteApiKey.updateMany({
    where: { id: match.credentialId, revokedAt: null },
    // Both values end at once, as on a normal revoke.
    data: { revokedAt: new Date(), previousKeyHash: null, previousKeyExpiresAt: null },
  });
  return count === 1 ? "revoked" : "already_revoked";
}

/**
 * Records the report of one value once (the unique hash claims it), revokes and audits in the same
 * transaction. A value reported before is left alone: nothing is done again.
 */
async function handleMatch(
  match: Match,
  item: LeakReportItem,
  tokenHash: string,
  signer: Signer,
  origin: RequestOrigin,
): Promise<void> {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const id = newObjectId();
    const claimed = await tx.leakedCredential.createMany({
      data: [
        {
          id,
          tokenHash,
          kind: match.kind,
          credentialId: match.credentialId,
          displayKey: match.displayKey,
          websiteId: match.websiteId,
          userId: match.userId,
          outcome: "already_revoked",
          tokenType: item.type,
          url: item.url ?? null,
          source: item.source ?? null,
          reporter: signer.keyIdentifier,
        },
      ],
      skipDuplicates: true,
    });
    if (claimed.count === 0) return;
    const outcome = await revoke(tx, match, tokenHash);
    await tx.leakedCredential.update({ where: { id }, data: { outcome } });
    await recordAudit(tx, {
      actor: signer,
      origin,
      action: match.kind === "apiKey" ? "api_key.leaked" : "access_token.leaked",
      target: { type: match.kind, id: match.credentialId },
      websiteId: match.websiteId,
      metadata: {
        displayKey: match.displayKey,
        outcome,
        ...(match.previousValue ? { value: "previous" } : {}),
        tokenType: item.type,
        url: item.url ?? null,
        source: item.source ?? null,
        ...(match.userId ? { userId: match.userId } : {}),
      },
    });
    if (match.kind === "apiKey" && match.websiteId) {
      await enqueueWebhook(tx, match.websiteId, "api_key.leaked", {
        apiKey: { _id: match.credentialId, displayKey: match.displayKey },
        outcome,
        url: item.url ?? null,
        source: item.source ?? null,
      });
    }
    if (match.kind === "apiKey" && match.websiteId && outcome === "revoked") {
      await enqueueWebhook(tx, match.websiteId, "api_key.revoked", {
        apiKey: { _id: match.credentialId, displayKey: match.displayKey },
        reason: "leaked",
      });
    }
  });
}

/** Who hears about a leak: the website's owners for a website key, the user for an account token. */
async function recipients(event: { websiteId: string | null; userId: string | null }): Promise<string[]> {
  const prisma = await db();
  if (event.websiteId) {
    const owners = await prisma.membership.findMany({
      where: { websiteId: event.websiteId, role: "owner" },
      select: { user: { select: { email: true } } },
    });
    return owners.map((owner) => owner.user.email);
  }
  if (event.userId) {
    const user = await prisma.user.findUnique({ where: { id: event.userId }, select: { email: true } });
    return user ? [user.email] : [];
  }
  return [];
}

function leakMail(event: {
  kind: string;
  displayKey: string;
  outcome: string;
  url: string | null;
  source: string | null;
  website: string | null;
}): { subject: string; text: string } {
  const what =
    event.kind === "apiKey"
      ? `The API key ${event.displayKey} of ${event.website ?? "your website"}`
      : `Your account token ${event.displayKey}`;
  const done =
    event.outcome === "grace_ended"
      ? "It was the key's previous value, still accepted after a roll: it stopped working now. The key's current value was not reported and keeps working."
      : event.outcome === "revoked"
        ? "Keygate revoked it: requests with it are refused from now on."
        : "It had already stopped working, so nothing else changed.";
  const where = [event.url ? `Where: ${event.url}` : null, event.source ? `Found in: ${event.source}` : null]
    .filter(Boolean)
    .join("\n");
  return {
    subject: `Keygate: ${event.kind === "apiKey" ? "an API key" : "an account token"} of yours was found in public`,
    text: `${what} was found in public by a secret-scanning partner.\n\n${done}\n${where ? `\n${where}\n` : ""}
If something still uses it, create a new ${event.kind === "apiKey" ? "key" : "token"} in the dashboard and replace it there; remove the leaked value from where it was published, and look through the audit log for requests you do not recognise.`,
  };
}

/**
 * Mails the report of one value, once: the row is claimed (notifiedAt) before sending and released
 * if sending fails, so a retried report tries again and two at once never both send.
 */
async function notify(tokenHash: string): Promise<boolean> {
  const prisma = await db();
  const event = await prisma.leakedCredential.findUnique({ where: { tokenHash } });
  if (!event || event.notifiedAt) return true;
  const claimed = await prisma.leakedCredential.updateMany({
    where: { id: event.id, notifiedAt: null },
    data: { notifiedAt: new Date() },
  });
  if (claimed.count === 0) return true;
  try {
    const website = event.websiteId
      ? await prisma.website.findUnique({ where: { id: event.websiteId }, select: { domain: true } })
      : null;
    const mail = leakMail({ ...event, website: website?.domain ?? null });
    for (const to of await recipients(event)) await sendMail({ to, ...mail });
    return true;
  } catch (error) {
    await prisma.leakedCredential.update({ where: { id: event.id }, data: { notifiedAt: null } });
    log("warn", "leak report: notification mail failed", { leakId: event.id, reason: (error as Error).message });
    return false;
  }
}

/**
 * Handles one verified report: a label per item, in order (`true_positive` for a key or token Keygate
 * issued, revoked now or before; `false_positive` otherwise). A mail that could not be sent makes the
 * whole answer a 503 after every revocation is done, so the partner's retry sends it.
 */
export async function receiveLeakReport({
  signer,
  items,
  origin,
}: {
  signer: Signer;
  items: LeakReportItem[];
  origin: RequestOrigin;
}): Promise<LeakReportLabel[]> {
  const hashes = items.map((item) => hashKey(item.token));
  const ours = new Map<string, boolean>();
  for (const [index, item] of items.entries()) {
    const tokenHash = hashes[index] as string;
    if (ours.has(tokenHash)) continue;
    const match = await findCredential(tokenHash, item.token);
    ours.set(tokenHash, match !== null);
    if (match) await handleMatch(match, item, tokenHash, signer, origin);
  }
  let mailed = true;
  for (const [tokenHash, isOurs] of ours) if (isOurs && !(await notify(tokenHash))) mailed = false;
  if (!mailed) {
    throw new AppError(
      "unavailable",
      "The reported credentials are revoked, but a notification mail could not be sent; send the report again",
    );
  }
  return items.map((item, index) => ({
    token_hash: hashes[index] as string,
    token_type: item.type,
    label: ours.get(hashes[index] as string) ? "true_positive" : "false_positive",
  }));
}

/** The latest leak events, newest first, for the admin console. */
export async function listLeakEvents({ limit = 100 }: { limit?: number } = {}): Promise<LeakEvent[]> {
  const prisma = await db();
  const rows = await prisma.leakedCredential.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
  return rows.map((row) => ({
    _id: row.id,
    kind: row.kind as LeakEvent["kind"],
    credentialId: row.credentialId,
    displayKey: row.displayKey,
    websiteId: row.websiteId,
    userId: row.userId,
    outcome: row.outcome as LeakEvent["outcome"],
    url: row.url,
    source: row.source,
    tokenType: row.tokenType,
    reporter: row.reporter,
    notifiedAt: row.notifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  }));
}
