// Runs in each test worker before the test files: points the services (used to seed data, as the
// ops commands do) at the same database as the server under test.
import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");
process.env.DATABASE_POOL_SIZE = "4";
