// next-auth: email + password (Credentials, argon2id hashes shared with the ops commands), and
// GitHub/Google when configured. Sessions are signed JWT cookies (SameSite=Lax, HttpOnly) that carry
// the id of a Session row; the row is checked on every read, so a session can be ended server-side.
import { AppError } from "@keygate/core";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "../../env";
import { nextRequestIp } from "../client-ip";
import { endSignedOutSession, isSessionLive, SESSION_MAX_MS, startSession } from "../services/sessions";
import {
  OAUTH_TWO_FACTOR,
  TWO_FACTOR_REQUIRED,
  TWO_FACTOR_REQUIRED_ERROR,
  verifyCredentials,
} from "../services/sign-in";
import { hasTwoFactor } from "../services/two-factor";
import { findOrCreateOAuthUser } from "../services/users";
import { requestOrigin } from "./request-origin";

const oauthProviders = [
  env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET
    ? GitHubProvider({ clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET })
    : null,
  env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
    ? GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET })
    : null,
].filter((provider) => provider !== null);

export const OAUTH_PROVIDERS = oauthProviders.map((provider) => ({ id: provider.id, name: provider.name }));

export const authOptions: NextAuthOptions = {
  secret: env.AUTH_SECRET,
  session: { strategy: "jwt", maxAge: Math.ceil(SESSION_MAX_MS / 1000) },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        // Two-factor sign-in: the password is sent again with the code (nothing is kept in between).
        code: { label: "Code", type: "text" },
      },
      async authorize(credentials, request) {
        if (!credentials?.email || !credentials.password) return null;
        try {
          const ip = nextRequestIp(request.headers?.["x-forwarded-for"]);
          const code = credentials.code?.trim() || undefined;
          return await verifyCredentials({ email: credentials.email, password: credentials.password, code, ip });
        } catch (error) {
          // The message reaches the sign-in form as ?error=…; it is the same for every failure cause.
          if (error instanceof AppError) {
            throw new Error(error.message === TWO_FACTOR_REQUIRED ? TWO_FACTOR_REQUIRED_ERROR : error.message);
          }
          throw error;
        }
      },
    }),
    ...oauthProviders,
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.type !== "oauth") return true;
      if (!user.email) return false;
      try {
        const local = await findOrCreateOAuthUser({ email: user.email, name: user.name ?? null });
        // The provider's sign-in is not our second factor: such an account signs in with its code.
        if (await hasTwoFactor(local.id)) return `/signin?error=${encodeURIComponent(OAUTH_TWO_FACTOR)}`;
        user.id = local.id;
        return true;
      } catch (error) {
        // An unverified account with this email: back to the sign-in form, which shows the message.
        if (error instanceof AppError) return `/signin?error=${encodeURIComponent(error.message)}`;
        throw error;
      }
    },
    async jwt({ token, user }) {
      if (user) {
        const sid = await startSession({ userId: user.id, origin: await requestOrigin() });
        return { ...token, uid: user.id, sid };
      }
      // Every read of the session: the row must still be live. Otherwise (and for a token issued
      // without a session id) the token is emptied, which every reader treats as signed out.
      const { uid, sid } = token;
      if (typeof uid !== "string" || typeof sid !== "string") return {};
      return (await isSessionLive({ sessionId: sid, userId: uid })) ? token : {};
    },
    session({ session, token }) {
      if (typeof token.uid !== "string" || typeof token.sid !== "string") return { expires: session.expires };
      if (session.user) session.user.id = token.uid;
      session.sessionId = token.sid;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string") {
        await endSignedOutSession({ sessionId: token.sid, origin: await requestOrigin() });
      }
    },
  },
};

declare module "next-auth" {
  interface Session {
    user?: { id?: string; name?: string | null; email?: string | null; image?: string | null };
    /** The Session row this cookie names (checked on every read). */
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sid?: string;
  }
}
