// The dashboard over HTTP, as a browser drives it: next-auth's CSRF token and credentials callback
// for sign-in and sign-out, then pages and tRPC calls carrying the session cookie.
import { baseUrl } from "./helpers";

export const SESSION_COOKIE = "next-auth.session-token";
export const PASSWORD = "correct horse battery";

type Jar = Record<string, string>;

function cookiesSet(response: Response): Jar {
  const jar: Jar = {};
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) jar[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return jar;
}

const cookieHeader = (jar: Jar) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");

const FORM = { "content-type": "application/x-www-form-urlencoded" };

async function csrf(sessionToken: string | null, server: string): Promise<{ csrfToken: string; jar: Jar }> {
  const response = await fetch(`${server}/api/auth/csrf`, {
    headers: sessionToken ? { cookie: `${SESSION_COOKIE}=${sessionToken}` } : {},
  });
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { csrfToken, jar: cookiesSet(response) };
}

/**
 * Signs in with email and password (and a two-factor code, for accounts that have it on); returns
 * the session cookie's value, or null when refused.
 */
export async function trySignIn(
  email: string,
  password = PASSWORD,
  { code, server = baseUrl }: { code?: string; server?: string } = {},
): Promise<string | null> {
  const { csrfToken, jar } = await csrf(null, server);
  const response = await fetch(`${server}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...FORM, cookie: cookieHeader(jar), "user-agent": "sessions-test/1.0" },
    body: new URLSearchParams({
      csrfToken,
      email,
      password,
      ...(code ? { code } : {}),
      callbackUrl: `${server}/websites`,
      json: "true",
    }),
  });
  return cookiesSet(response)[SESSION_COOKIE] || null;
}

export async function signIn(
  email: string,
  password = PASSWORD,
  options: { code?: string; server?: string } = {},
): Promise<string> {
  const token = await trySignIn(email, password, options);
  if (!token) throw new Error(`sign-in refused for ${email}`);
  return token;
}

/** The dashboard's "Sign out": next-auth's sign-out endpoint, with this session's cookie. */
export async function signOut(sessionToken: string, server = baseUrl): Promise<Response> {
  const { csrfToken, jar } = await csrf(sessionToken, server);
  return fetch(`${server}/api/auth/signout`, {
    method: "POST",
    redirect: "manual",
    headers: { ...FORM, cookie: cookieHeader({ ...jar, [SESSION_COOKIE]: sessionToken }) },
    body: new URLSearchParams({ csrfToken, callbackUrl: `${server}/signin`, json: "true" }),
  });
}

export interface TrpcAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the tests check the shapes they expect
  data: any;
  /** tRPC's error code (UNAUTHORIZED…) when the call failed. */
  code: string | undefined;
}

async function trpcAnswer(response: Response): Promise<TrpcAnswer> {
  const body = (await response.json()) as {
    result?: { data: unknown };
    error?: { data?: { code?: string } };
  };
  return { status: response.status, data: body.result?.data, code: body.error?.data?.code };
}

export async function query(
  sessionToken: string | null,
  path: string,
  input?: unknown,
  server = baseUrl,
): Promise<TrpcAnswer> {
  const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  const response = await fetch(`${server}/api/trpc/${path}${search}`, {
    headers: sessionToken ? { cookie: `${SESSION_COOKIE}=${sessionToken}` } : {},
  });
  return trpcAnswer(response);
}

export async function mutate(
  sessionToken: string | null,
  path: string,
  input?: unknown,
  server = baseUrl,
): Promise<TrpcAnswer> {
  const response = await fetch(`${server}/api/trpc/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      origin: server,
      ...(sessionToken ? { cookie: `${SESSION_COOKIE}=${sessionToken}` } : {}),
    },
    body: JSON.stringify(input ?? null),
  });
  return trpcAnswer(response);
}

/** A dashboard page, without following redirects: `location` is where a signed-out visitor is sent. */
export async function page(sessionToken: string | null, path: string, server = baseUrl) {
  const response = await fetch(`${server}${path}`, {
    redirect: "manual",
    headers: sessionToken ? { cookie: `${SESSION_COOKIE}=${sessionToken}` } : {},
  });
  await response.arrayBuffer();
  const location = response.headers.get("location");
  return { status: response.status, location: location ? new URL(location, server).pathname : null };
}
