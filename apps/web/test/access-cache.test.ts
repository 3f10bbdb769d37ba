// The credential cache is in use only while its listening connection answers: a connection that
// goes silent without closing (a NAT or a balancer forgetting it) turns the cache off within a
// second, and it comes back by itself.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isCacheLive, startAccessCache } from "../src/server/auth/access-cache";
import { FlakyDatabase } from "./flaky-database";
import { freePort } from "./server";

let proxy: FlakyDatabase;
let cache: { stop(): Promise<void> };

async function until(condition: () => boolean, withinMs: number): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

beforeAll(async () => {
  const url = new URL(inject("databaseUrl"));
  proxy = new FlakyDatabase(await freePort(), { host: url.hostname, port: Number(url.port || 5432) });
  await proxy.start();
  url.host = `127.0.0.1:${proxy.port}`;
  cache = startAccessCache(url.toString());
});

afterAll(async () => {
  await cache?.stop();
  await proxy?.stop();
});

describe("the credential cache's listening connection", () => {
  it("live while it answers; off within a second once it goes silent; live again once it answers", async () => {
    await until(isCacheLive, 5_000);
    proxy.frozen = true;
    const off = await until(() => !isCacheLive(), 2_000);
    console.log(`silent listener noticed after ${off.toFixed(0)} ms`);
    expect(off).toBeLessThan(1_200);
    proxy.frozen = false;
    await until(isCacheLive, 10_000);
  });
});
