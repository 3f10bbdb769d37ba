// The pipeline of a route authenticated by a signature instead of a credential (secret-scanning leak
// reports): raw body bytes → signature (404 when no keys are configured, 401) → JSON and contract
// (400) → service → answer. No bearer is read and no rate limit is spent: the partner is the caller.
import { AppError } from "@keygate/core";
import type { Context } from "hono";
import { accessChanged } from "../auth/access-cache";
import { KEY_IDENTIFIER_HEADER, SIGNATURE_HEADER, verifySignedReport } from "../auth/secret-scanning";
import type { AnyRoute } from "./define";
import { zodDetails } from "./errors";
import { originOf } from "./handle";

/** Lone UTF-16 surrogates, which Postgres refuses to store. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string in a JSON value (keys included) that cannot be stored as text, or null. */
function unstorable(value: unknown): string | null {
  const bad = (text: string) => text.includes("\u0000") || LONE_SURROGATE.test(text);
  if (typeof value === "string") return bad(value) ? value : null;
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (bad(key)) return key;
    const found = unstorable(item);
    if (found !== null) return found;
  }
  return null;
}

/** The body as sent, parsed only after its signature verified. */
function parseSigned(bytes: Uint8Array): unknown {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw AppError.badRequest("Malformed JSON body");
  }
  if (unstorable(value) !== null) {
    throw AppError.badRequest("Invalid request body", [
      { path: "(body)", message: "Must not contain NUL characters or lone surrogates" },
    ]);
  }
  return value;
}

export function handleSigned(route: AnyRoute): (c: Context) => Promise<Response> {
  return async (c: Context) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const signer = verifySignedReport(
      { keyIdentifier: c.req.header(KEY_IDENTIFIER_HEADER), signature: c.req.header(SIGNATURE_HEADER) },
      bytes,
    );
    let body: unknown;
    if (route.body) {
      const parsed = route.body.safeParse(parseSigned(bytes));
      if (!parsed.success) throw AppError.badRequest("Invalid request body", zodDetails(parsed.error));
      body = parsed.data;
    }
    try {
      const result = await route.handler({
        principal: signer,
        params: undefined,
        body,
        query: undefined,
        role: null,
        websiteId: "",
        origin: originOf(c),
      });
      return c.json(route.reply === "bare" ? result : { status: "success", data: result });
    } finally {
      // A report may revoke credentials: this instance forgets what it cached before it answers.
      accessChanged();
    }
  };
}
