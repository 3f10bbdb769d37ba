// The event payload of POST /api/events, as DataFast's script and SDK send it (one event per request).
import { z } from "zod";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const SESSION = /^s[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

const size = z.coerce.number().int().min(0).max(100_000);
const text = (max: number) => z.string().max(max);
/** Descriptive fields are cut to length, never refused: a long user agent must not lose the event. */
const clipped = (max: number) => z.string().transform((value) => value.slice(0, max));

/** extraData is a flat bag of properties in practice; a few levels leave room for an SDK's objects. */
const MAX_EXTRA_DEPTH = 8;

/** How many levels of objects and arrays a JSON value nests (a scalar is 0), counted level by level, without recursion. */
function nestingDepth(value: unknown): number {
  let depth = 0;
  let level = [value].filter((item) => typeof item === "object" && item !== null);
  while (level.length > 0) {
    depth++;
    level = level
      .flatMap((item) => Object.values(item as object))
      .filter((item) => typeof item === "object" && item !== null);
  }
  return depth;
}

export const COLLECT_TYPES = ["pageview", "custom", "identify", "payment", "external_link"] as const;

export const collectPayload = z.looseObject({
  websiteId: text(100).min(1).describe("The website's tracking id (dfid_…)"),
  domain: text(253).optional().describe("The script's data-domain"),
  type: z.enum(COLLECT_TYPES),
  href: z
    .string()
    .max(16_384)
    .refine((value) => URL.canParse(value) && /^https?:/i.test(value), { message: "Must be an http(s) URL" }),
  referrer: clipped(4096).nullish(),
  visitorId: z.string().regex(UUID, "Must be a UUID").optional(),
  sessionId: z.string().regex(SESSION, 'Must be "s" followed by a UUID').optional(),
  viewport: z.looseObject({ width: size.optional(), height: size.optional() }).nullish(),
  adClickIds: z.record(z.string().max(64), clipped(512)).nullish(),
  extraData: z
    .record(z.string().max(64), z.unknown())
    .refine((extra) => nestingDepth(extra) <= MAX_EXTRA_DEPTH, {
      message: `Must not nest more than ${MAX_EXTRA_DEPTH} levels deep`,
    })
    .nullish(),
  visitorFirstSeenAt: clipped(64).nullish(),
  visitorSessionNumber: z.coerce.number().int().min(0).max(1_000_000).nullish(),
  language: clipped(64).nullish(),
  timezone: clipped(64).nullish(),
  screenWidth: size.nullish(),
  screenHeight: size.nullish(),
  device: z
    .looseObject({ platform: clipped(32).nullish(), osVersion: clipped(256).nullish(), model: clipped(128).nullish() })
    .nullish(),
  cookieless: z.boolean().optional(),
});

export type CollectPayload = z.infer<typeof collectPayload>;
