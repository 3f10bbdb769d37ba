// Every scheduled job, in one list: server.ts starts them on each instance (see runner.ts).
import type { Job } from "./runner";

export const JOBS: readonly Job[] = [];

export { type Job, runJob, startJobs } from "./runner";
