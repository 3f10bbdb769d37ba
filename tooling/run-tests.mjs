// Runs every test suite — vitest (unit, database, HTTP) then Playwright (browser) — and ends with
// one line for all of them: `tests: N passed, N failed, N skipped`. Exits non-zero if anything
// failed or if no test ran.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "keygate-tests-"));
const summaryFile = join(dir, "summary.jsonl");
const env = { ...process.env, TEST_SUMMARY_FILE: summaryFile };

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
rmSync(dir, { recursive: true, force: true });
const total = { passed: 0, failed: 0, skipped: 0 };
for (const line of lines) {
  total.passed += line.passed;
  total.failed += line.failed;
  total.skipped += line.skipped;
}
const ran = new Set(lines.map((line) => line.runner));
const missing = suites.filter((suite) => !ran.has(suite.name)).map((suite) => suite.name);
if (missing.length > 0) console.error(`no results from: ${missing.join(", ")}`);
process.stdout.write(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(crashed || missing.length > 0 || total.failed > 0 || total.passed === 0 ? 1 : 0);
