// Every scheduled job, in one list: server.ts starts them on each instance (see runner.ts).
import { idempotencyCleanup } from "../rest/idempotency";
import { credentialExpiryWarnings } from "../services/credential-expiry";
import { dataRetention } from "../services/data-lifecycle";
import { webhookCleanup, webhookDelivery } from "../webhooks/deliver";
import type { Job } from "./runner";

export const JOBS: readonly Job[] = [
  idempotencyCleanup,
  webhookDelivery,
  webhookCleanup,
  dataRetention,
  credentialExpiryWarnings,
];

export { type Job, runJob, startJobs } from "./runner";
