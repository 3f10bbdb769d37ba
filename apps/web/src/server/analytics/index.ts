// The analytics store the services use. Postgres today; a column store would be chosen here, behind
// the same functions (see store.ts).
import * as postgres from "./postgres";

export type AnalyticsStore = typeof postgres;
export const analyticsStore: AnalyticsStore = postgres;
export * from "./store";
