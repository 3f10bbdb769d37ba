// Two-factor sign-in for tests: turn it on for a user straight in the database with a known secret,
// compute codes as an authenticator app would, and sign in over HTTP with a code.
import { newObjectId } from "@keygate/core";
import {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  sealSecret,
  secretKey,
  TOTP_PERIOD_SECONDS,
  totp,
} from "../src/server/auth/totp";
import { TEST_AUTH_SECRET } from "./auth-secret";
import { baseUrl, db } from "./helpers";

export interface TwoFactorCredentials {
  secret: string;
  recoveryCodes: string[];
}

/** The code an authenticator app shows now, or `steps` periods of 30 s later (negative: earlier). */
export function codeFor(secret: string, steps = 0): string {
  return totp(secret).generate({ timestamp: Date.now() + steps * TOTP_PERIOD_SECONDS * 1000 });
}

/** Turns two-factor sign-in on for the user, as the Account page would; returns the secret and recovery codes. */
export async function enableTwoFactor(userId: string): Promise<TwoFactorCredentials> {
  const secret = newTotpSecret();
  const recoveryCodes = newRecoveryCodes();
  const sealed = sealSecret(secret, userId, secretKey(TEST_AUTH_SECRET));
  const prisma = await db();
  await prisma.twoFactor.upsert({
    where: { userId },
    create: { userId, secret: sealed, enabledAt: new Date() },
    update: { secret: sealed, enabledAt: new Date(), lastUsedStep: null },
  });
  await prisma.recoveryCode.deleteMany({ where: { userId } });
  await prisma.recoveryCode.createMany({
    data: recoveryCodes.map((code) => ({ id: newObjectId(), userId, codeHash: hashRecoveryCode(code) })),
  });
  return { secret, recoveryCodes };
}

/** A staff member who may use the console: staff, with two-factor sign-in on. */
export async function makeStaff(userId: string, { twoFactor = true } = {}): Promise<TwoFactorCredentials | null> {
  await (await db()).user.update({ where: { id: userId }, data: { isStaff: true } });
  return twoFactor ? enableTwoFactor(userId) : null;
}

export interface SignInAnswer {
  /** The session cookie's value, when signed in. */
  session: string | null;
  /** The message the sign-in form would show (`?error=` of the answer), when refused. */
  error: string | null;
}

function cookies(response: Response): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) jar[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return jar;
}

/** Posts the sign-in form as the page's script does (next-auth's credentials callback). */
export async function signInOverHttp(fields: {
  email: string;
  password: string;
  code?: string;
}): Promise<SignInAnswer> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = Object.entries(cookies(csrf))
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ ...fields, csrfToken, callbackUrl: `${baseUrl}/websites`, json: "true" }),
  });
  const { url } = (await response.json()) as { url: string };
  return {
    session: cookies(response)["next-auth.session-token"] || null,
    error: new URL(url, baseUrl).searchParams.get("error"),
  };
}
