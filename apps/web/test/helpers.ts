// Helpers for HTTP tests: a small client for /api/v1 and fixtures seeded through the services.
import { randomBytes } from "node:crypto";
import type { Grant, Role } from "@keygate/core/policy";
import { inject } from "vitest";
import { db } from "../src/server/db";
import { createAccessToken } from "../src/server/services/access-tokens";
import { NO_ORIGIN } from "../src/server/services/context";
import { createUser, setMembership } from "../src/server/services/users";

/** The built server's URL; empty in the in-process tier, where `api()` calls the REST app directly. */
export const baseUrl = inject("baseUrl");

let restApp:
  | Promise<{ request: (url: string, init: RequestInit, env: unknown) => Response | Promise<Response> }>
  | undefined;

/** What the Node adapter hands the app: a loopback peer, as a local test client would be. */
const LOOPBACK_PEER = { incoming: { socket: { remoteAddress: "127.0.0.1", remotePort: 40000, remoteFamily: "IPv4" } } };

/** The REST app in this process (in-process tier only): the same router server.ts mounts. */
function inProcessRestApp() {
  restApp ??= import("../src/server/rest/app").then(({ createRestApp }) => createRestApp());
  return restApp;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked by the tests themselves
  body: any;
  text: string;
  data: T[];
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, for malformed or oversized bodies. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Base URL of another server to call (e.g. one started by `startNextOnly`); default the suite's. */
  server?: string;
}

export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  { token, body, rawBody, headers = {}, server = baseUrl }: CallOptions = {},
): Promise<ApiResponse<T>> {
  const init: RequestInit = {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined || rawBody !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  };
  const response = server
    ? await fetch(`${server}/api/v1${path}`, init)
    : await (await inProcessRestApp()).request(`http://keygate.test/api/v1${path}`, init, LOOPBACK_PEER);
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const data = (parsed as { data?: T[] } | null)?.data ?? [];
  return { status: response.status, headers: response.headers, body: parsed, text, data };
}

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.com`;
}

export function uniqueDomain(label = "site"): string {
  return `${label}-${randomBytes(5).toString("hex")}.example.com`;
}

export interface TestUser {
  id: string;
  email: string;
  /** A `dft_` token with `*` on all the user's websites. */
  token: string;
}

const OPS = { kind: "ops" } as const;

export async function newUser(label = "user"): Promise<TestUser> {
  const user = await createUser({
    actor: OPS,
    origin: NO_ORIGIN,
    email: uniqueEmail(label),
    password: "correct horse battery",
  });
  const token = await tokenFor(user.id);
  return { id: user.id, email: user.email, token };
}

/** A raw `dft_` token for the user with the given permissions and website scope. */
export async function tokenFor(
  userId: string,
  permissions: Grant[] = ["*"],
  websiteIds: string[] = [],
): Promise<string> {
  const created = await createAccessToken({
    principal: { kind: "ops", userId },
    origin: NO_ORIGIN,
    permissions,
    websiteIds,
  });
  if (!created.key) throw new Error("token without key");
  return created.key;
}

/** Creates a website over REST as `owner` and returns its id. */
export async function newWebsite(owner: TestUser, label = "site"): Promise<string> {
  const response = await api<{ websiteId: string }>("POST", "/admin/websites", {
    token: owner.token,
    body: { domain: uniqueDomain(label), timezone: "Europe/Paris", name: label },
  });
  if (response.status !== 200) throw new Error(`website create failed: ${response.text}`);
  return (response.data[0] as { websiteId: string }).websiteId;
}

export async function addMember(websiteId: string, user: TestUser, role: Role): Promise<void> {
  await setMembership({ actor: OPS, origin: NO_ORIGIN, websiteId, email: user.email, role });
}

/** Creates a `df_` key over REST and returns its id and raw value. */
export async function newApiKey(owner: TestUser, websiteId: string, name = "test key") {
  const response = await api<{ _id: string; key: string }>("POST", `/admin/websites/${websiteId}/apikeys`, {
    token: owner.token,
    body: { name },
  });
  if (response.status !== 200) throw new Error(`key create failed: ${response.text}`);
  const [key] = response.data as { _id: string; key: string }[];
  return key as { _id: string; key: string };
}

export { db };
