// Data lifecycle: the retention job, erasing one visitor (audited), and exporting a period's events or
// payments as a stream (CSV or the JSON envelope), shared by REST, the dashboard and the CLI.
import { TZDate } from "@date-fns/tz";
import { AppError } from "@keygate/core";
import { type ErasedVisitor, EXPORT_COLUMNS, EXPORT_MAX_DAYS, type ExportQuery } from "@keygate/core/contracts";
import { type ExportCursor, type RetentionCounts, analyticsStore as store } from "../analytics";
import { database, db } from "../db";
import type { Job } from "../jobs/runner";
import { log } from "../log";
import { recordAudit } from "./audit";
import type { WebsiteWrite } from "./context";
import { siteInfo } from "./website-api/site";
import { resolveWindow } from "./website-api/window";

// --- retention ------------------------------------------------------------------------------

/** Most batches that delete something one job round runs, over every website together. */
export const RETENTION_MAX_BATCHES = 40;

/**
 * The oldest instant a website keeps: the start of the day, in the website's time zone, `days`
 * days before today. Today and the `days` days before it stay whole; reports never show half a day.
 */
export function retentionCutoff(days: number, timezone: string, now: Date): Date {
  const local = new TZDate(now.getTime(), timezone);
  return new Date(new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - days, timezone).getTime());
}

export interface RetentionRound extends RetentionCounts {
  /** Websites that had something to delete. */
  websites: number;
  /** True when the round stopped at its batch budget with work left (the next round continues). */
  more: boolean;
}

/**
 * One round of retention over every website with a retention period (in random order, so a website
 * with a large backlog cannot keep the others waiting round after round): batches of about 5,000 rows
 * per statement, and at most `maxBatches` batches that delete something per round, so no statement
 * holds locks for long and a round stays short; a website with nothing to delete costs three indexed
 * reads. Safe with several instances at once: batches are chosen FOR UPDATE SKIP LOCKED, and a row
 * one instance deleted is simply not found by the other.
 */
export async function runRetention(now = new Date(), maxBatches = RETENTION_MAX_BATCHES): Promise<RetentionRound> {
  const { query } = await database();
  const websites = await query<{ id: string; timezone: string; retentionDays: number }>(
    `SELECT "id", "timezone", "retentionDays" FROM "Website" WHERE "retentionDays" IS NOT NULL ORDER BY random()`,
  );
  const total: RetentionRound = { sessions: 0, events: 0, payments: 0, profiles: 0, websites: 0, more: false };
  let batches = 0;
  for (const website of websites) {
    const cutoff = retentionCutoff(website.retentionDays, website.timezone, now);
    const deleted: RetentionCounts = { sessions: 0, events: 0, payments: 0, profiles: 0 };
    for (;;) {
      if (batches >= maxBatches) {
        total.more = true;
        break;
      }
      const counts = await store.deleteExpiredBatch(website.id, cutoff);
      if (counts.sessions + counts.events + counts.payments + counts.profiles === 0) break;
      batches++;
      for (const key of ["sessions", "events", "payments", "profiles"] as const) {
        deleted[key] += counts[key];
        total[key] += counts[key];
      }
    }
    if (deleted.sessions + deleted.events + deleted.payments + deleted.profiles > 0) {
      total.websites++;
      log("info", "retention deleted", { websiteId: website.id, cutoff: cutoff.toISOString(), ...deleted });
    }
    if (total.more) break;
  }
  return total;
}

export const dataRetention: Job = {
  name: "data-retention",
  everyMs: 60 * 60_000,
  async run(now) {
    const round = await runRetention(now);
    const handled = round.sessions + round.events + round.payments + round.profiles;
    if (handled > 0) log("info", "retention round", { ...round });
    return handled;
  },
};

// --- erasure --------------------------------------------------------------------------------

/**
 * Deletes everything stored about one visitor on one website — events, sessions, the payments
 * attributed to them and their profile — and records `visitor.erased` in the same transaction (the
 * audit metadata holds counts only; the visitor id is the target). 404 when nothing was stored.
 */
export async function eraseVisitor({
  principal,
  origin,
  websiteId,
  visitorId,
}: WebsiteWrite & { visitorId: string }): Promise<ErasedVisitor> {
  const prisma = await db();
  const counts = await prisma.$transaction(async (tx) => {
    const erased = await store.eraseVisitor(tx, websiteId, visitorId);
    if (erased.events + erased.sessions + erased.payments + erased.profiles === 0) {
      throw AppError.notFound("No data stored for this visitor on this website");
    }
    await recordAudit(tx, {
      actor: principal,
      origin,
      action: "visitor.erased",
      target: { type: "visitor", id: visitorId },
      websiteId,
      metadata: { ...erased },
    });
    return erased;
  });
  return { deleted: true, visitorId, ...counts };
}

// --- export ---------------------------------------------------------------------------------

const EXPORT_BATCH = 1000;
const DAY_MS = 86_400_000;

/** A cell as text: RFC 4180 quoting, and a leading `'` where a spreadsheet would run a formula. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

/**
 * A period's events or payments, oldest first, as a stream: the parameters are checked (400) before
 * the first byte; then rows are read in batches of 1,000 by keyset (never all in memory). CSV has a
 * header row; JSON is `{"status":"success","data":[…]}`. A failure mid-stream cuts the response short
 * (the JSON is then incomplete, so it cannot be mistaken for a whole export).
 */
export async function exportData({ websiteId, query }: { websiteId: string; query: ExportQuery }): Promise<ExportFile> {
  const site = await siteInfo(websiteId);
  const window = resolveWindow(query, site);
  if (window.end.getTime() - window.start.getTime() > EXPORT_MAX_DAYS * DAY_MS) {
    throw AppError.badRequest(`An export covers at most ${EXPORT_MAX_DAYS} days`, [
      { path: "endAt", message: `At most ${EXPORT_MAX_DAYS} days after startAt` },
    ]);
  }
  const columns = EXPORT_COLUMNS[query.dataset];
  const csv = query.format === "csv";
  const encoder = new TextEncoder();
  let cursor: ExportCursor | null = null;
  let started = false;
  let wrote = false;
  let done = false;
  const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: window.timezone });
  const day = (at: Date) => dayFormat.format(at);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      let text = "";
      if (!started) {
        started = true;
        text += csv ? `${columns.join(",")}\r\n` : `{"status":"success","data":[`;
      }
      const batch = await store.exportBatch({
        websiteId,
        dataset: query.dataset,
        start: window.start,
        end: window.end,
        cursor,
        limit: EXPORT_BATCH,
      });
      for (const row of batch.rows) {
        if (csv) text += `${columns.map((column) => csvCell(row[column])).join(",")}\r\n`;
        else {
          const ordered = Object.fromEntries(columns.map((column) => [column, row[column] ?? null]));
          text += `${wrote ? "," : ""}${JSON.stringify(ordered)}`;
        }
        wrote = true;
      }
      cursor = batch.cursor;
      if (batch.rows.length < EXPORT_BATCH) {
        done = true;
        if (!csv) text += "]}";
      }
      controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
  });
  return {
    filename: `${site.domain}-${query.dataset}-${day(window.start)}-${day(window.end)}.${query.format}`,
    contentType: csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
    body,
  };
}
