// Webhooks: endpoints that receive a website's credential, team and alert events, signed; and the log
// of their deliveries. At most 5 endpoints per website.
import { z } from "zod";
import { objectId, timestamp } from "./common";

/** Every event an endpoint can subscribe to. `ping` (the test event) is sent on request only. */
export const WEBHOOK_EVENTS = [
  "api_key.created",
  "api_key.rolled",
  "api_key.revoked",
  "api_key.expiring",
  "api_key.leaked",
  "team.member_added",
  "team.member_removed",
  "alert.triggered",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number] | "ping";

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;

const url = z
  .url({ protocol: /^https?$/ })
  .max(2048, "Must be at most 2048 characters")
  .refine((value) => !/^[a-z]+:\/\/[^/?#]*@/i.test(value), { message: "Must not contain a user name or password" })
  .describe(
    "Where events are POSTed: http or https, no user name or password. Hosts that are (or resolve to) private, " +
      "loopback, link-local or other internal addresses are refused. Example: https://example.com/hooks/keygate",
  );

export const webhookParams = z.object({
  websiteId: objectId,
  webhookId: objectId.describe("Webhook endpoint ObjectId"),
});

export const createWebhookBody = z
  .object({
    url,
    events: z
      .array(z.enum(WEBHOOK_EVENTS))
      .max(WEBHOOK_EVENTS.length)
      .default([])
      .describe("Events to send; empty or omitted = every event"),
  })
  .strict();

export const webhookResponse = z.object({
  _id: objectId.describe("Webhook endpoint ObjectId"),
  websiteId: objectId.describe("Website ObjectId"),
  url: z.string().describe("Where events are POSTed"),
  events: z.array(z.enum(WEBHOOK_EVENTS)).describe("Events sent; empty = every event"),
  secret: z
    .string()
    .optional()
    .describe("Signing secret (`whsec_…`), returned once, on creation: verify `Keygate-Signature` with it"),
  createdAt: timestamp.describe("Creation timestamp"),
});

export const webhookDeliveriesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50).describe("Deliveries to return, newest first, 1–100"),
  })
  .strict();

export const webhookDeliveryResponse = z.object({
  _id: objectId.describe("Delivery ObjectId; also the payload's `id` and the `Keygate-Delivery` header"),
  webhookId: objectId.describe("Webhook endpoint ObjectId"),
  event: z.string().describe("Event type, e.g. api_key.created, or ping for a test event"),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).describe("pending (queued or waiting for a retry), delivered or failed"),
  attempts: z.number().int().describe("Attempts made so far"),
  lastStatusCode: z.number().int().nullable().describe("HTTP status of the last attempt; null when none answered"),
  lastError: z.string().nullable().describe("Why the last attempt failed"),
  nextAttemptAt: timestamp.nullable().describe("When the next attempt is due, while pending"),
  deliveredAt: timestamp.nullable().describe("When a 2xx answer came"),
  createdAt: timestamp.describe("When the event happened"),
});

export type Webhook = z.infer<typeof webhookResponse>;
export type WebhookDelivery = z.infer<typeof webhookDeliveryResponse>;
export type CreateWebhookBody = z.infer<typeof createWebhookBody>;
