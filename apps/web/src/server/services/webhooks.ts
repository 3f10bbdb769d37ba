// Webhook endpoints of a website (at most 5) and the outbox their events go through: enqueueWebhook
// writes one delivery per subscribed endpoint inside the caller's transaction, so an event is sent if
// and only if its change committed; the delivery job (webhooks/deliver.ts) sends and retries them.
import { AppError, newObjectId } from "@keygate/core";
import {
  type CreateWebhookBody,
  WEBHOOK_EVENTS,
  type Webhook,
  type WebhookDelivery,
  type WebhookEvent,
} from "@keygate/core/contracts";
import { randomBase62 } from "@keygate/core/credentials";
import { effectivePermissions, type Permission, type Role } from "@keygate/core/policy";
import type { Prisma } from "@keygate/db";
import { env } from "../../env";
import { db } from "../db";
import { seal, sealingKey, unseal } from "../seal";
import { assertPublicTarget } from "../webhooks/target";
import { recordAudit } from "./audit";
import type { WebsiteWrite as Write } from "./context";
import { lockWebsite } from "./locks";

export const MAX_WEBHOOKS_PER_WEBSITE = 5;

let key: Buffer | undefined;
const secretKey = () => {
  key ??= sealingKey(env.AUTH_SECRET, "keygate webhook signing secret v1");
  return key;
};

/** The signing secret of an endpoint, for the delivery job. */
export function openWebhookSecret(sealed: string, endpointId: string): string {
  return unseal(sealed, endpointId, secretKey());
}

const FIELDS = { id: true, websiteId: true, url: true, events: true, createdAt: true } as const;
type Row = { id: string; websiteId: string; url: string; events: string[]; createdAt: Date };

function toWebhook(row: Row, secret?: string): Webhook {
  return {
    _id: row.id,
    websiteId: row.websiteId,
    url: row.url,
    events: row.events as Webhook["events"],
    ...(secret ? { secret } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listWebhooks({ websiteId }: { websiteId: string }): Promise<Webhook[]> {
  const prisma = await db();
  const rows = await prisma.webhookEndpoint.findMany({
    where: { websiteId },
    orderBy: { createdAt: "asc" },
    select: FIELDS,
  });
  return rows.map((row) => toWebhook(row));
}

/** Creates an endpoint; the signing secret is in the answer once and stored sealed. */
/** What an event tells its receiver, as the permission a caller needs to read the same through the API. */
const EVENT_READ: Record<(typeof WEBHOOK_EVENTS)[number], Permission> = {
  "api_key.created": "api-keys:read",
  "api_key.rolled": "api-keys:read",
  "api_key.revoked": "api-keys:read",
  "api_key.expiring": "api-keys:read",
  "api_key.leaked": "api-keys:read",
  "team.member_added": "team:read",
  "team.member_removed": "team:read",
  "alert.triggered": "alerts:read",
};

/** 403 unless the caller may read what the subscribed events carry (no events: all of them). */
function checkEventReads(
  principal: Write["principal"],
  websiteId: string,
  role: Role | null,
  events: readonly string[],
) {
  const held = effectivePermissions(principal, websiteId, role);
  const subscribed = events.length === 0 ? WEBHOOK_EVENTS : events;
  const missing = [
    ...new Set(subscribed.map((event) => EVENT_READ[event as keyof typeof EVENT_READ]).filter((p) => !held.has(p))),
  ];
  if (missing.length > 0) {
    throw AppError.forbidden(`These events carry what you cannot read: missing permission ${missing.join(", ")}`);
  }
}

export async function createWebhook({
  principal,
  origin,
  websiteId,
  webhook,
  role,
}: Write & { webhook: CreateWebhookBody; role: Role | null }) {
  checkEventReads(principal, websiteId, role, webhook.events);
  await assertPublicTarget(webhook.url);
  const prisma = await db();
  const id = newObjectId();
  const secret = `whsec_${randomBase62(32)}`;
  const row = await prisma.$transaction(async (tx) => {
    await lockWebsite(tx, websiteId);
    if ((await tx.webhookEndpoint.count({ where: { websiteId } })) >= MAX_WEBHOOKS_PER_WEBSITE) {
      throw AppError.badRequest(`Webhook limit reached (max ${MAX_WEBHOOKS_PER_WEBSITE} per website)`);
    }
    const events = [...new Set(webhook.events)];
    const created = await tx.webhookEndpoint.create({
      data: { id, websiteId, url: webhook.url, secret: seal(secret, id, secretKey()), events },
      select: FIELDS,
    });
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "webhook.created",
      target: { type: "webhook", id },
      websiteId,
      metadata: { url: created.url, events },
    });
    return created;
  });
  return toWebhook(row, secret);
}

export async function deleteWebhook({ principal, origin, websiteId, webhookId }: Write & { webhookId: string }) {
  const prisma = await db();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: webhookId, websiteId } });
    if (count === 0) throw AppError.notFound("Webhook not found");
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "webhook.deleted",
      target: { type: "webhook", id: webhookId },
      websiteId,
    });
  });
  return { deleted: true as const };
}

/** The body every delivery POSTs; stored with the delivery so each retry sends the same bytes. */
function payload(
  id: string,
  event: WebhookEvent,
  websiteId: string,
  data: Prisma.InputJsonObject,
  at: Date,
): Prisma.InputJsonObject {
  return { id, type: event, createdAt: at.toISOString(), websiteId, data };
}

/**
 * Queues `event` for every endpoint of the website subscribed to it, inside the caller's transaction
 * (an outbox: it goes out only if the transaction commits). `data` is the event's object; never a
 * secret. Returns how many deliveries were queued. Callers: api-keys, team, users, alert delivery,
 * and any code that raises `api_key.expiring` or `api_key.leaked`.
 */
export async function enqueueWebhook(
  tx: Prisma.TransactionClient,
  websiteId: string,
  event: Exclude<WebhookEvent, "ping">,
  data: Prisma.InputJsonObject,
): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { websiteId, OR: [{ events: { isEmpty: true } }, { events: { has: event } }] },
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const at = new Date();
  await tx.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => {
      const id = newObjectId();
      return { id, endpointId: endpoint.id, event, payload: payload(id, event, websiteId, data, at), createdAt: at };
    }),
  });
  scheduleKick();
  return endpoints.length;
}

/** Queues a `ping` for one endpoint, whatever its event list ("Send test event"). */
export async function sendTestWebhook({ websiteId, webhookId }: { websiteId: string; webhookId: string }) {
  const prisma = await db();
  const endpoint = await prisma.webhookEndpoint.findFirst({
    where: { id: webhookId, websiteId },
    select: { id: true },
  });
  if (!endpoint) throw AppError.notFound("Webhook not found");
  const id = newObjectId();
  const at = new Date();
  const data = { message: "A test event from Keygate: this endpoint receives webhooks." };
  const row = await prisma.webhookDelivery.create({
    data: {
      id,
      endpointId: webhookId,
      event: "ping",
      payload: payload(id, "ping", websiteId, data, at),
      createdAt: at,
    },
    select: DELIVERY_FIELDS,
  });
  scheduleKick();
  return toDelivery(row);
}

const DELIVERY_FIELDS = {
  id: true,
  endpointId: true,
  event: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} as const;
type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof DELIVERY_FIELDS }>;

function toDelivery(row: DeliveryRow): WebhookDelivery {
  return {
    _id: row.id,
    webhookId: row.endpointId,
    event: row.event,
    status: row.status as WebhookDelivery["status"],
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.status === "pending" ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The latest deliveries to one endpoint, newest first. */
export async function listWebhookDeliveries({
  websiteId,
  webhookId,
  limit = 50,
}: {
  websiteId: string;
  webhookId: string;
  limit?: number;
}): Promise<WebhookDelivery[]> {
  const prisma = await db();
  const endpoint = await prisma.webhookEndpoint.findFirst({
    where: { id: webhookId, websiteId },
    select: { id: true },
  });
  if (!endpoint) throw AppError.notFound("Webhook not found");
  const rows = await prisma.webhookDelivery.findMany({
    where: { endpointId: webhookId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: DELIVERY_FIELDS,
  });
  return rows.map(toDelivery);
}

/** Asks this process to send what was just queued in a moment, instead of on the job's next round. */
function scheduleKick() {
  void import("../webhooks/deliver").then(({ kickDelivery }) => kickDelivery()).catch(() => {});
}
