// The public Website API (what `df_` keys unlock): query parameters, write bodies and the rows it
// answers with, in DataFast's field names.
import { z } from "zod";
import { objectId } from "./common";
import { timezone } from "./websites";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

// Dates outside these years, once moved to UTC, become timestamps Postgres cannot read (-000001-…, +010000-…).
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(9999, 11, 30);

const bound = z.string().refine(
  (value) => {
    const at = Date.parse(value);
    return (DATE.test(value) || INSTANT.test(value)) && at >= EARLIEST && at <= LATEST;
  },
  { message: "Must be a date (YYYY-MM-DD) or an ISO 8601 instant with Z or an offset, from 1900 to 9999-12-30" },
);

/** `?websiteId=`: required with an account token (dft_), optional with a website key (df_). */
export const websiteIdQuery = objectId
  .optional()
  .describe("The website. Required with an account token (dft_); a website key (df_) implies its own website.");

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const visitorId = z
  .string()
  .trim()
  .refine((value) => UUID.test(value), { message: "Must be a visitor id (UUID v4)" })
  .transform((value) => value.toLowerCase())
  .describe("Visitor id: a UUID v4 (the `datafast_visitor_id` cookie)");

export const FILTER_NAMES = [
  "country",
  "region",
  "city",
  "device",
  "browser",
  "os",
  "referrer",
  "page",
  "entry_page",
  "hostname",
  "goal",
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
  "ref",
  "source",
  "via",
  "visit_count",
] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

const filterShape = Object.fromEntries(
  FILTER_NAMES.map((name) => [
    `filter_${name}`,
    z
      .string()
      .max(2000)
      .optional()
      .describe(
        name === "visit_count"
          ? "Visitor's session number: `[is|is_not|gte|lte:]n`, e.g. `gte:2` (returning visitors)"
          : `\`[is|is_not|contains|does_not_contain:]v1,v2\`; commas mean OR`,
      ),
  ]),
) as Record<`filter_${FilterName}`, z.ZodOptional<z.ZodString>>;

/** Date window, time zone and filters: what every analytics read takes. */
export const windowQuery = z.object({
  websiteId: websiteIdQuery,
  startAt: bound.optional().describe("Start (inclusive): YYYY-MM-DD in the time zone, or an ISO instant. Needs endAt."),
  endAt: bound.optional().describe("End (inclusive): YYYY-MM-DD in the time zone, or an ISO instant. Needs startAt."),
  timezone: timezone
    .optional()
    .describe("IANA time zone name (e.g. Europe/Paris) for dates and buckets; default: the website's"),
});

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe("Rows per page, 1–1000 (default 100)"),
  offset: z.coerce.number().int().min(0).default(0).describe("Rows to skip (default 0)"),
};

export const fieldsQuery = z.string().max(500).optional().describe("Comma-separated columns; default: all");

export const overviewQuery = windowQuery.extend({ fields: fieldsQuery, ...filterShape });
export const breakdownQuery = windowQuery.extend({ fields: fieldsQuery, ...pageQuery, ...filterShape });
export const timeseriesQuery = windowQuery.extend({
  fields: z
    .string()
    .max(500)
    .describe("Required: comma-separated of name, visitors, sessions, revenue, payments, conversion_rate"),
  interval: z.enum(["hour", "day", "week", "month"]).describe("Bucket size (weeks start on Monday)"),
  ...pageQuery,
  ...filterShape,
});
export const realtimeQuery = z.object({ websiteId: websiteIdQuery, fields: fieldsQuery });
export const websiteOnlyQuery = z.object({ websiteId: websiteIdQuery });
export const metadataQuery = z.object({ websiteId: websiteIdQuery, fields: fieldsQuery });
export const goalPropertiesQuery = windowQuery.extend({
  eventName: z.string().trim().min(1).max(64).describe("Required: the custom goal's exact name"),
  propertyName: z.string().trim().min(1).max(64).optional().describe("Compare completions by this property's values"),
  ...pageQuery,
  ...filterShape,
});
export const funnelAnalyticsParams = z.object({ funnelId: objectId.describe("Funnel ObjectId") });
export const funnelAnalyticsQuery = windowQuery.extend(filterShape);

const list = z.string().max(5000).optional();
export const visitorsQuery = windowQuery.extend({
  limit: z.coerce.number().int().min(1).max(250).default(100).describe("Rows per page, 1–250 (default 100)"),
  offset: pageQuery.offset,
  visitedPage: list.describe("Exact paths (comma list, ≤ 50)"),
  page: list.describe("Alias of visitedPage"),
  visitedPageContains: list.describe("Path substring"),
  pageContains: list.describe("Alias of visitedPageContains"),
  completedGoal: list.describe("Visitors who completed this goal"),
  goal: list.describe("Alias of completedGoal"),
  country: list,
  region: list,
  city: list,
  browser: list,
  os: list,
  device: list,
  referrer: list,
  hostname: list,
  utm_source: list,
  utm_medium: list,
  utm_campaign: list,
  utm_term: list,
  utm_content: list,
  ref: list,
  source: list,
  via: list,
  isCustomer: z.enum(["true", "false"]).optional().describe("true: visitors with a payment; false: without"),
  hasRevenue: z.enum(["true", "false"]).optional().describe("Alias of isCustomer"),
});
export const visitorParams = z.object({ visitorId });

// --- writes ---------------------------------------------------------------------------------

export const RESERVED_GOALS = [
  "payment",
  "free_trial",
  "trial_started",
  "trial_converted",
  "subscription_started",
  "subscription_upgraded",
  "subscription_downgraded",
  "subscription_renewed",
  "subscription_cancel_scheduled",
  "subscription_reactivated",
  "subscription_ended",
  "identify",
] as const;

/** Goal names are lowercased with spaces turned to `_`, then must be `[a-z0-9_:-]`, at most 64. */
export const goalName = z
  .string()
  .trim()
  .transform((value) => value.toLowerCase().replace(/\s+/g, "_"))
  .pipe(
    z
      .string()
      .min(1, "Must not be empty")
      .max(64, "Must be at most 64 characters")
      .regex(/^[a-z0-9_:-]+$/, "Only letters, digits, _ : and - are allowed"),
  )
  .describe("Goal name: lowercased, spaces become _, [a-z0-9_:-], at most 64 characters");

/** Text Postgres can store: no NUL, and lone UTF-16 surrogates (invalid in JSON) replaced by U+FFFD. */
export function storableText(value: string): string {
  return value
    .replaceAll("\u0000", "")
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
}

/** Storable text without control characters (they only hide content in a label or a path). */
export function stripControl(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  return storableText(value).replace(/[\u0000-\u001f\u007f]/g, "");
}

/** Any JSON value as text: objects as JSON, since a client may send `{"toString": 1}` (String() would throw). */
export function textOf(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** Strips markup and script-ish content from a goal property value. */
export function cleanPropertyValue(value: unknown): string {
  return stripControl(textOf(value))
    .replace(/<[^>]*>/g, "")
    .replace(/javascript:|vbscript:|data:|on\w+\s*=/gi, "")
    .replace(/[<>'"&]/g, "")
    .slice(0, 255);
}

export const goalMetadata = z
  .record(
    z.string().regex(/^[a-z0-9_-]{1,64}$/, "Keys are [a-z0-9_-], at most 64 characters"),
    z.union([z.string(), z.number(), z.boolean()]).transform(cleanPropertyValue),
  )
  .refine((value) => Object.keys(value).length <= 10, { message: "At most 10 properties" })
  .describe("Up to 10 properties; values become strings of at most 255 characters, markup removed");

export const createGoalBody = z
  .object({
    datafast_visitor_id: visitorId.optional(),
    visitorId: visitorId.optional().describe("Alias of datafast_visitor_id"),
    name: goalName.refine((name) => !(RESERVED_GOALS as readonly string[]).includes(name), {
      message: "This goal name is reserved",
    }),
    description: z.string().trim().max(500).optional().describe("Shown with the goal in the visitor's timeline"),
    metadata: goalMetadata.optional(),
  })
  .refine((body) => body.datafast_visitor_id ?? body.visitorId, {
    message: "datafast_visitor_id is required",
    path: ["datafast_visitor_id"],
  });

const rangeFields = {
  startAt: bound.optional().describe("Range start (with endAt)"),
  endAt: bound.optional().describe("Range end (with startAt)"),
  start: bound.optional().describe("Alias of startAt"),
  end: bound.optional().describe("Alias of endAt"),
};

export const deleteGoalsQuery = z.object({
  websiteId: websiteIdQuery,
  datafast_visitor_id: visitorId.optional().describe("Delete this visitor's goals"),
  name: goalName.optional().describe("Delete goals with this name"),
  goalName: goalName.optional().describe("Alias of name"),
  ...rangeFields,
});

const money = z.coerce.number().min(0, "Must be 0 or more").max(1e12).describe("Amount in major units, e.g. 29.99");
const optionalText = (max: number) => z.string().trim().max(max).optional();

export const createPaymentBody = z.object({
  amount: money,
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Must be an ISO 4217 currency code such as USD")
    .describe("ISO 4217 code"),
  transaction_id: z.string().trim().min(1).max(255).describe("Your payment's id; repeating it records nothing new"),
  datafast_visitor_id: visitorId.optional().describe("The paying visitor, for attribution"),
  email: z.string().trim().max(320).optional(),
  customer_email: z.string().trim().max(320).optional().describe("Alias of email"),
  name: optionalText(255),
  customer_name: optionalText(255).describe("Alias of name"),
  customer_id: optionalText(255),
  renewal: z.boolean().default(false),
  refunded: z.boolean().default(false),
  is_free_trial: z.boolean().optional().describe("Default: true when amount is 0"),
  timestamp: bound.optional().describe("When it happened (ISO 8601); default now"),
});

export const deletePaymentsQuery = z.object({
  websiteId: websiteIdQuery,
  transaction_id: z.string().trim().min(1).max(255).optional().describe("Delete this payment"),
  tx_id: z.string().trim().min(1).max(255).optional().describe("Alias of transaction_id"),
  datafast_visitor_id: visitorId.optional().describe("Delete this visitor's payments"),
  ...rangeFields,
});

export const identifyBody = z
  .looseObject({
    user_id: z
      .string()
      .trim()
      .min(1, "Must not be empty")
      .max(255, "Must be at most 255 characters")
      .describe("Your user's id"),
    datafast_visitor_id: visitorId,
  })
  .describe("Any other top-level key (email, name, plan…) is merged into the profile's metadata");

// --- rows -----------------------------------------------------------------------------------

export const overviewRow = z.object({
  visitors: z.number().int().describe("Unique visitors"),
  sessions: z.number().int().describe("Sessions (visits)"),
  bounce_rate: z.number().describe("Percent of sessions with one pageview and no other event"),
  avg_session_duration: z.number().describe("Mean of (last event − first event) per session, in milliseconds"),
  currency: z.string().describe("The website's currency code"),
  revenue: z.number().describe("New + renewal revenue, refunds excluded, in major units"),
  payments: z.number().int().describe("Payments counted in revenue"),
  revenue_per_visitor: z.number().describe("revenue ÷ visitors"),
  conversion_rate: z.number().describe("Paying visitors ÷ visitors × 100"),
});

export const breakdownRow = z
  .looseObject({
    visitors: z.number().int(),
    revenue: z.number(),
    payments: z.number().int(),
  })
  .describe(
    "The dimension's column(s) (e.g. `country` and `image`, `referrer`, `path` and `hostname`) and its numbers",
  );

export const timeseriesBody = z.object({
  fields: z.array(z.string()),
  interval: z.enum(["hour", "day", "week", "month"]),
  timezone: z.string(),
  currency: z.string().nullable(),
  totals: z.record(z.string(), z.unknown()),
  data: z.array(z.looseObject({ name: z.string(), timestamp: z.string() })),
  pagination: z.object({ limit: z.number(), offset: z.number(), total: z.number() }),
});

export const pagedRows = (row: z.ZodType) =>
  z.object({
    data: z.array(row),
    pagination: z.object({ limit: z.number(), offset: z.number(), total: z.number() }),
  });

export const visitorRow = z.looseObject({
  visitorId: z.string(),
  lastSeenAt: z.string(),
  currentUrl: z.string().nullable(),
  identity: z.record(z.string(), z.string().nullable()),
  acquisition: z.record(z.string(), z.string().nullable()),
});

export const visitorsBody = z.object({
  data: z.array(visitorRow),
  pagination: z.object({ offset: z.number(), limit: z.number(), hasMore: z.boolean() }),
});

export const writeMessage = z.looseObject({ message: z.string().describe("What happened") });
export const paymentReply = z.object({ message: z.string(), transaction_id: z.string() });
export const anyObject = z.looseObject({});
