// The REST router alone on Node's HTTP server, as server.ts mounts it (getRequestListener), for
// bench/usage-cost.ts. Prints its port; on SIGTERM writes the usage counts it holds, then exits.
import { createServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { usage } from "../src/server/auth/usage";
import { closeDatabase } from "../src/server/db";
import { createRestApp } from "../src/server/rest/app";

const server = createServer(getRequestListener(createRestApp().fetch));
server.keepAliveTimeout = 65_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`PORT ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void usage
    .stop()
    .then(closeDatabase)
    .finally(() => process.exit(0));
});
