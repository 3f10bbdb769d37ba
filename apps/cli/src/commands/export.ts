// export: a period's raw events or payments (GET /export), streamed to stdout or a file as CSV or
// JSON, with the progress on stderr.
import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { type Command, Option } from "commander";
import { CliError } from "../errors";
import type { Io } from "../io";
import { act } from "../lib/action";
import { note } from "../lib/output";
import { websiteForQuery } from "../lib/resolve";
import { type WindowOptions, windowFlags, windowQuery } from "../lib/window";

interface ExportOptions extends WindowOptions {
  format?: "csv" | "json";
  dataset?: "events" | "payments";
  output?: string;
}

/** Writes `chunk` to `out`, waiting when the destination is full. */
function writeTo(out: Writable, chunk: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

export function registerExport(program: Command, io: Io): void {
  windowFlags(
    program
      .command("export")
      .description("Download a period's events or payments as CSV or JSON (at most 366 days; analytics:read)"),
    { filters: false },
  )
    .addOption(new Option("--format <format>", "csv or json").choices(["csv", "json"]).default("csv"))
    .addOption(
      new Option("--dataset <dataset>", "events or payments").choices(["events", "payments"]).default("events"),
    )
    .option("-o, --output <file>", "write to this file (default: stdout)")
    .action(
      act<ExportOptions>(io, async (ctx, _args, options) => {
        if (!options.period && !options.start) throw CliError.usage("Give --period or --start and --end");
        const websiteId = await websiteForQuery(ctx);
        const query = {
          ...(await windowQuery(ctx, websiteId, options)),
          format: options.format,
          dataset: options.dataset,
        };
        const response = await ctx.api.download("/export", query);
        const disposition = response.headers.get("content-disposition") ?? "";
        const suggested = /filename="([^"]+)"/.exec(disposition)?.[1];
        const out: Writable = options.output ? createWriteStream(options.output) : io.stdout;
        let bytes = 0;
        let lines = 0;
        const started = Date.now();
        let shown = 0;
        const progress = (done: boolean) => {
          if (!done && Date.now() - shown < 1000) return;
          shown = Date.now();
          const what =
            options.format === "json" ? `${(bytes / 1024).toFixed(0)} KiB` : `${Math.max(lines - 1, 0)} rows`;
          note(ctx, `${done ? "Exported" : "Exporting…"} ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        };
        if (response.body) {
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            bytes += chunk.byteLength;
            for (const byte of chunk) if (byte === 10) lines++;
            await writeTo(out, chunk);
            progress(false);
          }
        }
        if (options.output) {
          await new Promise<void>((resolve, reject) =>
            (out as Writable).end((error?: Error | null) => (error ? reject(error) : resolve())),
          );
        }
        progress(true);
        if (options.output) note(ctx, `Wrote ${options.output}${suggested ? ` (${suggested})` : ""}`);
      }),
    );
}
