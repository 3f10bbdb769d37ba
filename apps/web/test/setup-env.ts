// Runs in each test worker before the test files: points the services (used to seed data, as the
// ops commands do) at the same database as the server under test.
import { inject } from "vitest";
import { TEST_AUTH_SECRET } from "./auth-secret";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.DATABASE_POOL_SIZE = "4";
// The same secret as the server: two-factor secrets sealed here open there.
process.env.AUTH_SECRET = TEST_AUTH_SECRET;
