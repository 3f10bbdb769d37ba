// The Postgres implementation of the analytics store.
export { breakdown } from "./breakdowns";
export { hasEvents } from "./first-event";
export { funnel } from "./funnels";
export { goalProperties, goals } from "./goals";
export { ingestEvent } from "./ingest";
export { deleteExpiredBatch, eraseVisitor, exportBatch } from "./lifecycle";
export { activeVisitors, realtimeMap } from "./realtime";
export { buckets, totals } from "./totals";
export { hasPageview, searchVisitors, visitorRecord } from "./visitors";
export { clearWebsite, deleteGoals, deletePayments, identify, recordGoal, recordPayment } from "./writes";
