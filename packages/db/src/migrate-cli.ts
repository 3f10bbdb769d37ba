// `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database.
import { migrateUrl, openDatabase } from "./client";

const url = process.env.DATABASE_URL;
if (url) {
  const { applied, skipped } = await migrateUrl(url);
  console.log(
    `Applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(", ")}` : ""}; ${skipped.length} already applied.`,
  );
} else {
  const dataDir = process.env.DATA_DIR ?? new URL("../../../.data", import.meta.url).pathname;
  const db = await openDatabase({ dataDir });
  await db.close();
  console.log(`Embedded database in ${dataDir} is up to date.`);
}
