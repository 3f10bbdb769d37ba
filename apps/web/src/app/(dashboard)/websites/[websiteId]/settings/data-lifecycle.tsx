"use client";
// Data: how long analytics data is kept, downloading a period's events or payments, and erasing one
// visitor's data on request (members and owners; audited).
import { RETENTION_DAYS, type WebsiteSettings } from "@keygate/core/contracts";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, inputClass } from "@/components/ui/field";
import { ErrorNote } from "@/components/ui/misc";
import { fieldErrors, humanError } from "@/lib/errors";
import { useTRPC } from "@/trpc/client";

const PRESETS = [
  { label: "Forever", days: null },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
  { label: "2 years", days: 730 },
  { label: "5 years", days: 1825 },
] as const;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function Retention({ website, canWrite }: { website: WebsiteSettings; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [days, setDays] = useState(website.retentionDays === undefined ? "" : String(website.retentionDays));
  const save = useMutation(
    trpc.websites.update.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries(trpc.websites.pathFilter());
        toast.success(updated.retentionDays ? `Data kept ${updated.retentionDays} days` : "Data kept forever");
      },
    }),
  );
  const error = fieldErrors(save.error)["changes.retentionDays"] ?? fieldErrors(save.error).retentionDays;
  return (
    <form
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const value = days.trim() === "" ? null : Number(days);
        save.mutate({ websiteId: website._id, changes: { retentionDays: value } });
      }}
    >
      <h3 className="font-medium">Retention</h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Visits, events, payments and profiles older than this many days (whole days in the website's time zone) are
        deleted every hour. Empty: kept forever.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <Field
          label={`Days to keep (${RETENTION_DAYS.min}–${RETENTION_DAYS.max})`}
          name="retentionDays"
          type="number"
          inputMode="numeric"
          min={RETENTION_DAYS.min}
          max={RETENTION_DAYS.max}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          placeholder="Forever"
          disabled={!canWrite}
          error={error}
          className="w-48"
        />
        {PRESETS.map((preset) => (
          <Button
            key={preset.label}
            size="sm"
            variant="secondary"
            disabled={!canWrite}
            onClick={() => setDays(preset.days === null ? "" : String(preset.days))}
          >
            {preset.label}
          </Button>
        ))}
        <Button type="submit" disabled={!canWrite} pending={save.isPending}>
          Save retention
        </Button>
      </div>
      {save.error && !error ? <ErrorNote>{humanError(save.error)}</ErrorNote> : null}
    </form>
  );
}

function Export({ websiteId }: { websiteId: string }) {
  const today = new Date();
  const [startAt, setStartAt] = useState(isoDay(new Date(today.getTime() - 29 * 86_400_000)));
  const [endAt, setEndAt] = useState(isoDay(today));
  const [dataset, setDataset] = useState<"events" | "payments">("events");
  const href = (format: "csv" | "json") =>
    `/api/websites/${websiteId}/export?${new URLSearchParams({ startAt, endAt, dataset, format })}`;
  return (
    <div className="space-y-3">
      <h3 className="font-medium">Export</h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Download a period's raw events or payments (up to 366 days, days in the website's time zone). Spreadsheet
        formulas are neutralised in CSV cells.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <Field label="From" name="startAt" type="date" value={startAt} onChange={(e) => setStartAt(e.target.value)} />
        <Field label="To" name="endAt" type="date" value={endAt} onChange={(e) => setEndAt(e.target.value)} />
        <div className="space-y-1">
          <label htmlFor="export-dataset" className="block text-sm font-medium">
            Data
          </label>
          <select
            id="export-dataset"
            className={inputClass}
            value={dataset}
            onChange={(e) => setDataset(e.target.value as "events" | "payments")}
          >
            <option value="events">Events</option>
            <option value="payments">Payments</option>
          </select>
        </div>
        <a
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          href={href("csv")}
          download
        >
          Download CSV
        </a>
        <a
          className="rounded-md border border-zinc-300 px-4 py-2 text-sm font-medium dark:border-zinc-700"
          href={href("json")}
          download
        >
          Download JSON
        </a>
      </div>
    </div>
  );
}

function EraseVisitor({ websiteId }: { websiteId: string }) {
  const trpc = useTRPC();
  const [visitorId, setVisitorId] = useState("");
  const [open, setOpen] = useState(false);
  const erase = useMutation(
    trpc.dataLifecycle.eraseVisitor.mutationOptions({
      onSuccess: (result) => {
        toast.success(
          `Visitor erased: ${result.events} events, ${result.sessions} sessions, ${result.payments} payments, ${result.profiles} profile`,
        );
        setOpen(false);
        setVisitorId("");
      },
    }),
  );
  const error = fieldErrors(erase.error).visitorId;
  return (
    <div className="space-y-3">
      <h3 className="font-medium">Erase a visitor</h3>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        On a person's request: deletes every event, session, attributed payment and the profile of one visitor id (the{" "}
        <code>datafast_visitor_id</code> cookie) on this website. Recorded in the audit log.
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          erase.reset();
          setOpen(true);
        }}
      >
        <Field
          label="Visitor id"
          name="visitorId"
          value={visitorId}
          onChange={(e) => setVisitorId(e.target.value)}
          placeholder="xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx"
          autoComplete="off"
          className="w-96"
          error={open ? null : error}
        />
        <Button type="submit" variant="danger" disabled={visitorId.trim() === ""}>
          Erase visitor
        </Button>
      </form>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Erase this visitor?"
        description="Their data on this website is deleted for good; metrics for past periods change accordingly."
      >
        <div className="space-y-4">
          <p className="font-mono text-sm break-all">{visitorId.trim()}</p>
          {erase.error ? <ErrorNote>{error ?? humanError(erase.error)}</ErrorNote> : null}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              pending={erase.isPending}
              onClick={() => erase.mutate({ websiteId, visitorId: visitorId.trim() })}
            >
              Erase
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}

export function DataLifecycle({ website, canWrite }: { website: WebsiteSettings; canWrite: boolean }) {
  return (
    <section aria-labelledby="data-heading" className="space-y-6">
      <h2 id="data-heading" className="text-lg font-semibold">
        Data
      </h2>
      <Retention website={website} canWrite={canWrite} />
      <Export websiteId={website._id} />
      {canWrite ? <EraseVisitor websiteId={website._id} /> : null}
    </section>
  );
}
