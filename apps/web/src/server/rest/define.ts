// A REST route is a declaration: method, path, required access, contracts and one service call.
// `defineRoute` only types the declaration; `handle.ts` runs it through the shared pipeline.
import type { ErrorCode } from "@keygate/core";
import type { Access, Principal, RoleFor } from "@keygate/core/policy";
import type { z } from "zod";
import type { Signer } from "../auth/secret-scanning";
import type { RequestOrigin } from "../services/context";

export type Method = "get" | "post" | "put" | "delete";

export interface RouteContext<P, B, Q = undefined, A extends Access = Access> {
  /** Who asked: the credential's principal, or for a signed route the key that signed the body. */
  principal: A extends { scope: "signature" } ? Signer : Principal;
  params: P;
  body: B;
  query: Q;
  /** The role the caller acts with on the website (a website key acts as a member); null on account routes. */
  role: RoleFor<A>;
  /** The website the request is about (path, or the credential for Website API routes); "" on account routes. */
  websiteId: string;
  origin: RequestOrigin;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface RouteSpec<
  P extends z.ZodType | undefined = z.ZodType | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType = z.ZodType,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
  A extends Access = Access,
> {
  method: Method;
  /** Relative to /api/v1, OpenAPI style: `/admin/websites/{websiteId}/apikeys`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: A;
  params?: P;
  body?: B;
  /** Query-string parameters. */
  query?: Q;
  /** One element of `data[]`. */
  response: R;
  /**
   * Takes an `Idempotency-Key` header: a retry with the same key and request gets the first answer
   * again (create and roll, whose answer carries a raw key once).
   */
  idempotent?: boolean;
  /** Cursor-paginated: the handler returns `{ data, nextCursor }` and the envelope carries `nextCursor`. */
  paginated?: boolean;
  /**
   * Website API routes take their website from the credential: a `df_` key's own website, or
   * `?websiteId=` for a `dft_` token (required then).
   */
  websiteFromCredential?: boolean;
  /**
   * The reply's shape, when not `{status, data: [row]}`: `object` = `{status, data: row}`;
   * `spread` = `{status, ...result}` (result carries data and more top-level keys, as `response`
   * describes); `bare` = the result as is, no envelope; `stream` = a file streamed as it is read (the
   * handler returns a `StreamedFile`; `response` describes one JSON row of it).
   */
  reply?: "object" | "spread" | "bare" | "stream";
  /**
   * Errors the service can answer that the declaration does not imply (see `routeErrors`):
   * `conflict` where it refuses a duplicate, `not_found` where something named in the body or query may not exist.
   */
  errors?: readonly Extract<ErrorCode, "conflict" | "not_found">[];
  handler: (
    context: RouteContext<Infer<P>, Infer<B>, Infer<Q>, A>,
  ) => Promise<z.infer<R> | z.infer<R>[] | { data: z.infer<R>[]; nextCursor: string | null } | StreamedFile>;
}

/** What a `reply: "stream"` handler returns: sent with Content-Disposition, never buffered whole. */
export interface StreamedFile {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

export function defineRoute<
  P extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType = z.ZodType,
  Q extends z.ZodType | undefined = undefined,
  A extends Access = Access,
>(spec: RouteSpec<P, B, R, Q, A>): RouteSpec<P, B, R, Q, A> {
  return spec;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of routes with different contracts
export type AnyRoute = RouteSpec<any, any, any, any, any>;

/** `/admin/websites/{websiteId}` → `/admin/websites/:websiteId` (Hono's syntax). */
export function honoPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ":$1");
}

/** Readable name of what a route requires, as printed in the route table and the OpenAPI document. */
export function describeAccess(access: Access): string {
  if (access.scope === "signature") return `no credential · signed by a ${access.signedBy} partner key`;
  const who =
    access.scope === "account" ? (access.websiteKeys ? "account or df_" : "account (dft_ / session)") : "website";
  const needs = access.permission ?? "any authenticated caller";
  const only =
    access.scope !== "website"
      ? ""
      : access.ownerOnly
        ? " · owner only"
        : access.membersOnly
          ? " · owner or member"
          : "";
  return `${needs} · ${who}${only}`;
}
