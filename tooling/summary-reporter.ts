// Counts vitest's results. Under tooling/run-tests.mjs it hands them over for the combined
// summary line; run alone, it prints `tests: N passed, N failed, N skipped` itself.
import { appendFileSync } from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") counts.passed++;
        else if (state === "failed") counts.failed++;
        else counts.skipped++;
      }
    }
    const file = process.env.TEST_SUMMARY_FILE;
    if (file) {
      appendFileSync(file, `${JSON.stringify({ runner: "vitest", ...counts })}\n`);
      return;
    }
    if (counts.passed + counts.failed === 0) process.exitCode = 1;
    process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
