// The REST app served on a loopback port from the test process (no build): for clients that speak
// HTTP, such as the CLI, in the in-process tier.
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createRestApp } from "../src/server/rest/app";

export async function serveRestInProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = serve({ fetch: createRestApp().fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
