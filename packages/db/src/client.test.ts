// The driver-level query used on the hot path reads Prisma's UTC timestamps as UTC, on Postgres and
// on the embedded database, whatever the process's time zone.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { createTestDatabase } from "./testing";

const previousTz = process.env.TZ;
afterAll(() => {
  process.env.TZ = previousTz;
});

describe("Database.query", () => {
  it("reads timestamps as UTC under a non-UTC time zone, on Postgres and embedded", async () => {
    process.env.TZ = "America/New_York";
    const when = new Date("2026-01-02T03:04:05.678Z");
    const postgres = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), "keygate-tz-"));
    try {
      for (const options of [{ databaseUrl: postgres.url }, { dataDir }]) {
        const database = await openDatabase(options);
        try {
          await database.prisma.user.create({
            data: { id: "aaaaaaaaaaaaaaaaaaaaaaaa", email: "tz@example.com", createdAt: when },
          });
          const [row] = await database.query<{ createdAt: Date }>(`SELECT "createdAt" FROM "User" WHERE "id" = $1`, [
            "aaaaaaaaaaaaaaaaaaaaaaaa",
          ]);
          expect(row?.createdAt.toISOString(), database.kind).toBe(when.toISOString());
        } finally {
          await database.close();
        }
      }
    } finally {
      await postgres.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
