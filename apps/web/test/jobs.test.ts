// The scheduled-jobs runner: rounds repeat on the interval, never overlap on one instance, survive a
// failing round, and stopping waits for the round in flight.
import { describe, expect, it } from "vitest";
import { type Job, runJob, startJobs } from "../src/server/jobs";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("scheduled jobs", () => {
  it("repeat without overlapping, and a stop waits for the round in flight", async () => {
    let running = 0;
    let most = 0;
    let rounds = 0;
    let finished = 0;
    const slow: Job = {
      name: "slow",
      everyMs: 5,
      async run() {
        running++;
        most = Math.max(most, running);
        rounds++;
        await sleep(30);
        running--;
        finished++;
        return 1;
      },
    };
    const stop = startJobs([slow]);
    await sleep(250);
    await stop();
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(most).toBe(1);
    expect(finished).toBe(rounds);
    await sleep(50);
    expect(rounds).toBe(finished); // nothing starts after the stop
  });

  it("a failing round is reported as null and the job runs again on its next tick", async () => {
    let calls = 0;
    const flaky: Job = {
      name: "flaky",
      everyMs: 5,
      async run() {
        calls++;
        if (calls === 1) throw new Error("database away");
        return 2;
      },
    };
    expect(await runJob(flaky)).toBeNull();
    expect(await runJob(flaky)).toBe(2);
    const stop = startJobs([flaky]);
    await sleep(100);
    await stop();
    expect(calls).toBeGreaterThan(3);
  });
});
