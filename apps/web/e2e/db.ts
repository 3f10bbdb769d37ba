// Direct database steps the browser cannot take (an owner inviting someone comes with the team
// pages; analytics fixtures at exact past times): the test database is the one global-setup created.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { newTotpSecret, sealSecret, secretKey } from "../src/server/auth/totp";

export async function addMemberByEmail(websiteId: string, email: string, role: "owner" | "member" | "viewer") {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query(
      `INSERT INTO "Membership" ("id", "userId", "websiteId", "role")
       SELECT $1, "id", $2, $3::"Role" FROM "User" WHERE "email" = $4`,
      [randomBytes(12).toString("hex"), websiteId, role, email],
    );
    if (result.rowCount !== 1) throw new Error(`no user ${email}`);
  } finally {
    await client.end();
  }
}

export async function makeStaff(email: string) {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE "User" SET "isStaff" = true WHERE "email" = $1`, [email]);
  } finally {
    await client.end();
  }
}

/** Turns two-factor sign-in on for the user with a new secret, as the Account page would; returns the secret. */
export async function enableTwoFactor(email: string): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" = $1`, [email]);
    const userId = rows[0]?.id;
    if (!userId) throw new Error(`no user ${email}`);
    const secret = newTotpSecret();
    const sealed = sealSecret(secret, userId, secretKey(process.env.E2E_AUTH_SECRET as string));
    await client.query(
      `INSERT INTO "TwoFactor" ("userId", "secret", "enabledAt") VALUES ($1, $2, now())
       ON CONFLICT ("userId") DO UPDATE SET "secret" = $2, "enabledAt" = now(), "lastUsedStep" = NULL`,
      [userId, sealed],
    );
    return secret;
  } finally {
    await client.end();
  }
}

const WEB_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Runs a script of the app against the e2e database (the server's own code, as the ops commands do). */
export function runWithDatabase(script: string, ...args: string[]): string {
  return execFileSync(`${WEB_DIR}/node_modules/.bin/tsx`, [script, ...args], {
    cwd: WEB_DIR,
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL, NODE_ENV: "test", DEMO_SEED: "false" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

/** The hand-computed Overview fixture (test/overview-fixture.ts) on this website. */
export function seedOverviewFixture(websiteId: string): void {
  runWithDatabase("e2e/seed-overview.ts", websiteId);
}
