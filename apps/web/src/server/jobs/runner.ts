// Scheduled jobs (expiry warnings, retention, …). Every instance runs every job on its interval;
// each job claims its work in SQL (a conditional UPDATE … RETURNING, or DELETE by batch), so two
// instances running the same job at once never do one piece of work twice. A job reports how many
// items it handled; a failure is logged and the job tries again on its next tick.
import { env } from "../../env";
import { log } from "../log";

export interface Job {
  name: string;
  /** How often it runs; JOBS_INTERVAL_MS overrides it for every job (tests). */
  everyMs: number;
  /** Does one round of work and says how many items it handled. */
  run(now: Date): Promise<number>;
}

/** Runs one round of a job, logging what it did or why it failed; never throws. */
export async function runJob(job: Job, now = new Date()): Promise<number | null> {
  const started = performance.now();
  try {
    const handled = await job.run(now);
    if (handled > 0) log("info", "job done", { job: job.name, handled, ms: Math.round(performance.now() - started) });
    return handled;
  } catch (error) {
    log("error", "job failed", { job: job.name, error });
    return null;
  }
}

/**
 * Starts each job on its interval (the first round after a random part of it, so instances started
 * together spread out). Rounds of one job never overlap on one instance. Returns a stop function
 * that waits for rounds in flight.
 */
export function startJobs(jobs: readonly Job[]): () => Promise<void> {
  if (!env.JOBS_ENABLED) return async () => {};
  let stopped = false;
  const inFlight = new Set<Promise<unknown>>();
  const timers = new Set<NodeJS.Timeout>();
  for (const job of jobs) {
    const every = env.JOBS_INTERVAL_MS ?? job.everyMs;
    const schedule = (delay: number) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (stopped) return;
        const round = runJob(job).finally(() => {
          inFlight.delete(round);
          if (!stopped) schedule(every);
        });
        inFlight.add(round);
      }, delay);
      timer.unref();
      timers.add(timer);
    };
    schedule(Math.round(Math.random() * every));
  }
  return async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    await Promise.allSettled([...inFlight]);
  };
}
