// The analytics storage interface: everything the Website API and collection ask of the event
// store. Postgres implements it here (./postgres); a column store (ClickHouse) would implement
// the same interface when a deployment outgrows Postgres — services never see SQL.
import type { FilterName } from "@keygate/core/contracts";

export type FilterOperator = "is" | "is_not" | "contains" | "does_not_contain" | "gte" | "lte";

/** One `filter_*` parameter, parsed: values are ORed, filters are ANDed. */
export interface Filter {
  name: FilterName;
  op: FilterOperator;
  values: string[];
}

/** A read over a window of time: both bounds inclusive, instants in UTC. */
export interface ReadQuery {
  websiteId: string;
  start: Date;
  end: Date;
  timezone: string;
  filters: Filter[];
}

export interface Totals {
  visitors: number;
  sessions: number;
  bounces: number;
  /** Sum over sessions of (last − first event), in milliseconds. */
  durationMs: number;
  revenue: RevenueSplit;
  /** Payments counted in revenue (new + renewal, not refunded). */
  payments: number;
  /** Visitors with at least one payment counted in revenue. */
  payingVisitors: number;
}

export interface RevenueSplit {
  new: number;
  renewal: number;
  refund: number;
}

export type Interval = "hour" | "day" | "week" | "month";

export interface Bucket extends Totals {
  /** The bucket's start as wall time in the query's time zone, `YYYY-MM-DDTHH:MM:SS`. */
  local: string;
  /** The same instant in UTC. */
  start: Date;
}

/** Dimensions a breakdown groups by. */
export type Dimension =
  | "pages"
  | "referrers"
  | "countries"
  | "regions"
  | "cities"
  | "devices"
  | "browsers"
  | "operating-systems"
  | "campaigns"
  | "hostnames"
  | "exit-clicks";

export interface BreakdownRow {
  /** The dimension's values, keyed by column (path + hostname for pages, the campaign's keys…). */
  keys: Record<string, string | null>;
  visitors: number;
  /** Pageviews for pages, clicks for exit clicks, sessions otherwise. */
  count: number;
  revenue: number;
  payments: number;
}

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface GoalRow {
  goal: string;
  completions: number;
  visitors: number;
}

export interface PropertyRow {
  /** A property name (no propertyName asked) or a value of the asked property. */
  value: string;
  completions: number;
  visitors: number;
}

export interface FunnelStepInput {
  name: string;
  type: "pageview" | "goal";
  url?: string;
  goalName?: string;
}

export interface FunnelStepResult {
  visitors: number;
  revenue: number;
}

/** What collection hands the store: validated, enriched and not filtered out. */
export interface CollectedEvent {
  websiteId: string;
  visitorId: string;
  sessionKey: string;
  type: "pageview" | "custom" | "external_link" | "payment" | "identify";
  name: string | null;
  hostname: string;
  path: string;
  query: string | null;
  properties: Record<string, unknown> | null;
  at: Date;
  /** Set when the event opens a session; ignored when the session exists. */
  session: {
    referrer: string | null;
    referrerDomain: string | null;
    referrerName: string;
    utm: Record<"utmSource" | "utmMedium" | "utmCampaign" | "utmTerm" | "utmContent", string | null>;
    ref: string | null;
    source: string | null;
    via: string | null;
    adClickIds: Record<string, string> | null;
    countryCode: string | null;
    region: string | null;
    city: string | null;
    browser: string | null;
    browserVersion: string | null;
    os: string | null;
    osVersion: string | null;
    device: string;
    deviceVendor: string | null;
    deviceModel: string | null;
    viewportWidth: number | null;
    viewportHeight: number | null;
    language: string | null;
    visitNumber: number | null;
  };
}

export interface PaymentInput {
  websiteId: string;
  transactionId: string;
  visitorId: string | null;
  amount: number;
  currency: string;
  renewal: boolean;
  refunded: boolean;
  isFreeTrial: boolean;
  email: string | null;
  name: string | null;
  customerId: string | null;
  at: Date;
}

export interface DeleteRange {
  start: Date;
  end: Date;
}

/** What one retention batch deleted. */
export interface RetentionCounts {
  sessions: number;
  events: number;
  payments: number;
  profiles: number;
}

/** What erasing one visitor deleted. */
export type VisitorErasure = RetentionCounts;

/** Where an export batch ends: the last row's time (ISO) and id. */
export interface ExportCursor {
  at: string;
  id: string;
}

export interface ExportBatch {
  rows: Record<string, string | number | boolean | null>[];
  cursor: ExportCursor | null;
}

/** "Realtime" means an event in the last 10 minutes (DataFast's current definition). */
export const ACTIVE_MINUTES = 10;
