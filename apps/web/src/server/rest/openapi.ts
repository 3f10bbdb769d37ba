// The OpenAPI 3.1 document, generated from the route table (contracts and required access),
// and the API reference page, whose script is served by Keygate itself.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { errorEnvelope, page, success } from "@keygate/core/contracts";
import { z } from "zod";
import { type AnyRoute, describeAccess } from "./define";

const ERRORS = {
  400: "Invalid input (bad id, wrong types with `details`, malformed JSON, or a limit reached)",
  401: "Missing, malformed, invalid or revoked key",
  403: "Missing permission or no access to the website",
  404: "Resource not found inside a website you can see",
  413: "Request body too large",
  429: "Rate limit exceeded (per credential or per website); retry after the Retry-After seconds",
  500: "Unexpected error; the message carries a request id",
  503: "The database is unreachable or silent; retry after the Retry-After seconds",
  504: "A database query took longer than DATABASE_STATEMENT_TIMEOUT_MS; retry with a smaller date range",
} as const;

const SUCCESS = z.literal("success");

const integer = (description: string) => ({ description, schema: { type: "integer" as const } });
/** Sent with every answer to a valid credential: the tighter of its rate limits. */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": integer("Requests allowed per minute (the tighter of the credential and website limits)"),
  "RateLimit-Remaining": integer("Requests left in the current window"),
  "RateLimit-Reset": integer("Seconds until the window ends"),
};

/** The 200 body of a route, following its `reply` shape. */
function successSchema(route: AnyRoute): z.ZodType {
  if (route.paginated) return page(route.response);
  if (route.reply === "bare") return route.response;
  if (route.reply === "object") return z.object({ status: SUCCESS, data: route.response });
  if (route.reply === "spread") return (route.response as z.ZodObject).extend({ status: SUCCESS });
  return success(route.response);
}

/** `GET /admin/websites/{websiteId}` → `getAdminWebsitesWebsiteId`. */
function operationId(route: AnyRoute): string {
  const words = route.path.split(/[^a-zA-Z0-9]+/).filter(Boolean);
  return route.method + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join("");
}

export function openApiDocument(routes: readonly AnyRoute[]) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A `df_` website key or a `dft_` account token",
  });
  for (const route of routes) {
    const errors = Object.fromEntries(
      Object.entries(ERRORS).map(([status, description]) => [
        status,
        {
          description,
          content: { "application/json": { schema: errorEnvelope } },
          ...(status === "429"
            ? { headers: { ...RATE_LIMIT_HEADERS, "Retry-After": integer("Seconds until the window ends") } }
            : {}),
        },
      ]),
    );
    registry.registerPath({
      method: route.method,
      path: `/api/v1${route.path}`,
      operationId: operationId(route),
      summary: route.summary,
      description: `${route.description ?? ""}\n\nRequires: **${describeAccess(route.access)}**`.trim(),
      tags: [route.tag],
      security: [{ bearer: [] }],
      "x-permission": route.access.permission ?? null,
      "x-access": route.access,
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.body ? { body: { content: { "application/json": { schema: route.body } } } } : {}),
      },
      responses: {
        200: {
          description: "Success",
          headers: RATE_LIMIT_HEADERS,
          content: { "application/json": { schema: successSchema(route) } },
        },
        ...errors,
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Keygate REST API",
      version: "1.0.0",
      description:
        "Compatible with DataFast's Account API (website keys, account tokens, websites, team) and Website API (analytics, visitors, goals, payments, identify).",
    },
    servers: [{ url: "/" }],
  });
}

const require = createRequire(import.meta.url);
let scalarScript: Promise<string> | undefined;

/** The API reference UI's bundle, read once from the installed package (no CDN). */
export function referenceScript(): Promise<string> {
  // The package does not export its browser bundle, so find it next to its main entry, on disk at run
  // time: bundled into Next's catch-all route, a resolved module would be a module id, not a path.
  const main = require.resolve(/* turbopackIgnore: true */ /* webpackIgnore: true */ "@scalar/api-reference");
  scalarScript ??= readFile(join(dirname(main), "browser", "standalone.js"), "utf8");
  return scalarScript;
}

export function referencePage(specUrl: string, scriptUrl: string): string {
  // Everything that would call out to a third-party service is switched off: the page is self-contained.
  const config = JSON.stringify({
    url: specUrl,
    withDefaultFonts: false,
    hideClientButton: true,
    telemetry: false,
    showToolbar: "never",
    showDeveloperTools: "never",
    agent: { disabled: true },
    mcp: { disabled: true },
  });
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Keygate API reference</title>
</head>
<body>
  <div id="app"></div>
  <script src="${scriptUrl}"></script>
  <script>Scalar.createApiReference('#app', ${config});</script>
</body>
</html>`;
}
