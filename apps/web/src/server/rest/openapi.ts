// The OpenAPI 3.1 document, generated from the route table (contracts and required access),
// and the API reference page, whose script is served by Keygate itself.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { ERROR_STATUS, type ErrorCode } from "@keygate/core";
import { errorEnvelope, page, success } from "@keygate/core/contracts";
import { z } from "zod";
import { KEY_IDENTIFIER_HEADER, SIGNATURE_HEADER } from "../auth/secret-scanning";
import { type AnyRoute, describeAccess } from "./define";
import { IDEMPOTENCY_HEADER, REPLAYED_HEADER } from "./idempotency";
import { ERROR_DESCRIPTIONS, routeErrors, SIGNED_ERROR_DESCRIPTIONS } from "./route-errors";

const SUCCESS = z.literal("success");
/** One `Error` schema in components, referenced by every error response. */
const ERROR_SCHEMA = errorEnvelope.meta({ id: "Error" });

const integer = (description: string) => ({ description, schema: { type: "integer" as const } });
/** Sent with every answer to a valid credential: the tighter of its rate limits. */
const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": integer("Requests allowed per minute (the tighter of the credential and website limits)"),
  "RateLimit-Remaining": integer("Requests left in the current window"),
  "RateLimit-Reset": integer("Seconds until the window ends"),
};

/** The request header of routes that take one (create and roll), and the answer's mark on a replay. */
const IDEMPOTENCY_PARAMETER = {
  name: IDEMPOTENCY_HEADER,
  in: "header" as const,
  required: false,
  description:
    "Optional, 1 to 255 visible ASCII characters (a UUID): a retry from the same credential with the same key " +
    "and request within 24 hours gets the first answer again, raw key included, instead of a second one. " +
    "The same key on a different request is a 400; a retry while the first request runs is a 409.",
  schema: { type: "string" as const, minLength: 1, maxLength: 255, pattern: "^[!-~]{1,255}$" },
};
const REPLAYED = {
  [REPLAYED_HEADER]: {
    description: "`true` when this answer is a replay of the first one",
    schema: { type: "string" },
  },
};

/** The file name of a streamed export. */
const ATTACHMENT = {
  "Content-Disposition": {
    description: 'attachment; filename="<domain>-<dataset>-<start>-<end>.<format>"',
    schema: { type: "string" },
  },
};

/** Headers that come with some errors. */
const ERROR_HEADERS: Partial<Record<ErrorCode, Record<string, { description: string; schema: object }>>> = {
  method_not_allowed: {
    Allow: { description: "The methods this path takes, e.g. GET, POST", schema: { type: "string" } },
  },
  payload_too_large: {
    Connection: { description: "Always `close`: the rest of the body is not read", schema: { type: "string" } },
  },
  rate_limited: { ...RATE_LIMIT_HEADERS, "Retry-After": integer("Seconds until the window ends") },
  unavailable: { "Retry-After": integer("Seconds to wait before retrying") },
};

/** The error responses of a route: each status it can answer, with the error envelope. */
function errorResponses(route: AnyRoute) {
  return Object.fromEntries(
    routeErrors(route).map((code) => [
      ERROR_STATUS[code],
      {
        description:
          (route.access.scope === "signature" ? SIGNED_ERROR_DESCRIPTIONS[code] : undefined) ??
          ERROR_DESCRIPTIONS[code],
        content: { "application/json": { schema: ERROR_SCHEMA } },
        ...(ERROR_HEADERS[code] ? { headers: ERROR_HEADERS[code] } : {}),
      },
    ]),
  );
}

/**
 * The request body: required unless an empty one (read as `{}`) is valid, as for an optional name.
 * Update bodies say in their schema that they need at least one field (`minProperties`).
 */
function requestBody(body: z.ZodType) {
  return { required: !body.safeParse({}).success, content: { "application/json": { schema: body } } };
}

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
  if (routes.some((route) => route.access.scope === "signature")) {
    registry.registerComponent("securitySchemes", "secretScanningKeyIdentifier", {
      type: "apiKey",
      in: "header",
      name: KEY_IDENTIFIER_HEADER,
      description: "Which of the configured secret-scanning partner keys (SECRET_SCANNING_PUBLIC_KEYS) signed the body",
    });
    registry.registerComponent("securitySchemes", "secretScanningSignature", {
      type: "apiKey",
      in: "header",
      name: SIGNATURE_HEADER,
      description: "Base64 ECDSA (SHA-256) signature over the request body's exact bytes, by that key",
    });
  }
  for (const route of routes) {
    const signed = route.access.scope === "signature";
    registry.registerPath({
      method: route.method,
      path: `/api/v1${route.path}`,
      operationId: operationId(route),
      summary: route.summary,
      description: `${route.description ?? ""}\n\nRequires: **${describeAccess(route.access)}**`.trim(),
      tags: [route.tag],
      security: signed ? [{ secretScanningKeyIdentifier: [], secretScanningSignature: [] }] : [{ bearer: [] }],
      ...(route.idempotent ? { parameters: [IDEMPOTENCY_PARAMETER] } : {}),
      "x-permission": route.access.permission ?? null,
      "x-access": route.access,
      request: {
        ...(route.params ? { params: route.params } : {}),
        ...(route.query ? { query: route.query } : {}),
        ...(route.body ? { body: requestBody(route.body) } : {}),
      },
      responses: {
        200: {
          description: "Success",
          // Signed routes spend no rate limit, so they send no RateLimit-* headers.
          ...(signed
            ? {}
            : { headers: route.idempotent ? { ...RATE_LIMIT_HEADERS, ...REPLAYED } : RATE_LIMIT_HEADERS }),
          ...(route.reply === "stream" ? { headers: { ...RATE_LIMIT_HEADERS, ...ATTACHMENT } } : {}),
          content:
            route.reply === "stream"
              ? {
                  "application/json": { schema: success(route.response) },
                  "text/csv": { schema: { type: "string", description: "RFC 4180, a header row, CRLF line ends" } },
                }
              : { "application/json": { schema: successSchema(route) } },
        },
        ...errorResponses(route),
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
