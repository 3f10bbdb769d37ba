// Writes the Overview fixture (test/overview-fixture.ts) for one website into the e2e database,
// through the analytics store: `tsx e2e/seed-overview.ts <websiteId>` with DATABASE_URL set.
import { analyticsStore } from "../src/server/analytics";
import { closeDatabase } from "../src/server/db";
import { overviewFixture } from "../test/overview-fixture";

const websiteId = process.argv[2];
if (!websiteId) throw new Error("usage: seed-overview.ts <websiteId>");
const { events, payments } = overviewFixture(websiteId);
for (const event of events) await analyticsStore.ingestEvent(event);
for (const payment of payments) await analyticsStore.recordPayment(payment);
await closeDatabase();
