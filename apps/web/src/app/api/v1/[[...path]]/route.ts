// The REST v1 API served by Next itself, for deployments without server.ts (`next start`, serverless).
// server.ts answers /api/v1 ahead of Next, so with it this route is never reached.
import { createRestApp } from "@/server/rest/app";

// One app per process: the route table and the OpenAPI document are built once.
const app = createRestApp();

function handler(request: Request): Response | Promise<Response> {
  return app.fetch(request);
}

export {
  handler as DELETE,
  handler as GET,
  handler as HEAD,
  handler as OPTIONS,
  handler as PATCH,
  handler as POST,
  handler as PUT,
};
