// Direct database steps the browser cannot take (an owner inviting someone comes with the team
// pages): the test database is the one global-setup created.
import { randomBytes } from "node:crypto";
import pg from "pg";

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
