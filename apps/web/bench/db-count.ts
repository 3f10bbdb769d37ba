// Counts the database work a load causes, from Postgres' cumulative statistics for the bench
// database, which only the server under test and this counter use meanwhile:
// - scans: sequential and index scans of its tables (pg_stat_user_tables). Any query that reads a
//   table counts at least one, and nothing else touches those tables, so zero scans means the
//   server sent no query that reached a table.
// - transactions: commits and rollbacks (pg_stat_database). Every statement the server sends outside
//   a transaction is one; autovacuum visiting the database adds a few of its own.
// Postgres (15+) folds a connection's counts in once it has been idle for at most 10 s, so each
// reading waits that long after the last activity.
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";

const FLUSH_WAIT_MS = 11_000;

export interface Work {
  scans: number;
  transactions: number;
}

async function read(client: pg.Client): Promise<Work> {
  const { rows } = await client.query(
    `SELECT (SELECT sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)) FROM pg_stat_user_tables) AS scans,
            (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()) AS transactions`,
  );
  return { scans: Number(rows[0].scans), transactions: Number(rows[0].transactions) };
}

/** Runs `work` and returns its result with the database work done meanwhile. */
export async function countWork<T>(client: pg.Client, work: () => Promise<T>): Promise<{ result: T } & Work> {
  await sleep(FLUSH_WAIT_MS);
  const before = await read(client);
  const result = await work();
  await sleep(FLUSH_WAIT_MS);
  const after = await read(client);
  return {
    result,
    scans: after.scans - before.scans,
    // The first reading is a transaction of its own.
    transactions: after.transactions - before.transactions - 1,
  };
}
