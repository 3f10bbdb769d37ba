// Runs every test suite — vitest (unit, database, HTTP) then Playwright (browser) — and ends with
// one line for all of them: `tests: N passed, N failed, N skipped`. Exits non-zero if anything
// failed or if no test ran. One more result checks that no server log of the run holds a raw key.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { testPostgres } from "./test-postgres.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "keygate-tests-"));
const summaryFile = join(dir, "summary.jsonl");
// Every server the tests start writes its output here (apps/web/test/server.ts, testLogPath).
const logDir = join(dir, "logs");
mkdirSync(logDir);
const postgres = await testPostgres();
console.log(`test databases: ${postgres.source}`);
const env = {
  ...process.env,
  TEST_SUMMARY_FILE: summaryFile,
  TEST_LOG_DIR: logDir,
  TEST_ADMIN_DATABASE_URL: postgres.url,
};

/** A raw key as @keygate/core/credentials issues it: `df_` or `dft_`, 30 base62 characters, a 6-character checksum. */
const RAW_KEY = /(?<![0-9A-Za-z])dft?_[0-9A-Za-z]{36}/g;

/** Where a raw key appears in a server log, shown by its prefix only. */
function scanLogs(directory) {
  const files = readdirSync(directory).filter((name) => name.endsWith(".log"));
  const hits = [];
  for (const name of files) {
    const lines = readFileSync(join(directory, name), "utf8").split("\n");
    lines.forEach((line, index) => {
      for (const [key] of line.matchAll(RAW_KEY)) {
        hits.push(`${join(directory, name)}:${index + 1}: ${key.slice(0, key.indexOf("_") + 3)}…`);
      }
    });
  }
  return { files: files.length, hits };
}

const suites = [
  { name: "vitest", command: join(root, "node_modules/.bin/vitest"), args: ["run"], cwd: root },
  {
    name: "playwright",
    command: join(root, "apps/web/node_modules/.bin/playwright"),
    args: ["test"],
    cwd: join(root, "apps/web"),
  },
];

let crashed = false;
for (const suite of suites) {
  const result = spawnSync(suite.command, suite.args, { cwd: suite.cwd, env, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`\n${suite.name} exited with ${result.status ?? result.signal}`);
    crashed = true;
  }
}

await postgres.stop();

let lines = [];
try {
  lines = readFileSync(summaryFile, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  lines = [];
}
const total = { passed: 0, failed: 0, skipped: 0 };
for (const line of lines) {
  total.passed += line.passed;
  total.failed += line.failed;
  total.skipped += line.skipped;
}
const ran = new Set(lines.map((line) => line.runner));
const missing = suites.filter((suite) => !ran.has(suite.name)).map((suite) => suite.name);
if (missing.length > 0) console.error(`no results from: ${missing.join(", ")}`);

const scan = scanLogs(logDir);
if (scan.files === 0) {
  console.error(`\nlog scan: no server log was written to ${logDir}`);
  total.failed += 1;
} else if (scan.hits.length > 0) {
  console.error(`\nlog scan: raw keys in server logs:\n${scan.hits.map((hit) => `  ${hit}`).join("\n")}`);
  total.failed += 1;
} else {
  console.log(`\nlog scan: no raw key in ${scan.files} server logs`);
  total.passed += 1;
}
// Logs are kept when something failed, to read them.
if (crashed || missing.length > 0 || total.failed > 0) {
  rmSync(summaryFile, { force: true });
  console.error(`server logs: ${logDir}`);
} else {
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(crashed || missing.length > 0 || total.failed > 0 || total.passed === 0 ? 1 : 0);
