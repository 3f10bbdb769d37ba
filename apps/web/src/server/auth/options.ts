// next-auth: email + password (Credentials, argon2id hashes shared with the ops commands), and
// GitHub/Google when configured. Sessions are signed JWT cookies (SameSite=Lax, HttpOnly).
import { AppError } from "@keygate/core";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { env } from "../../env";
import { nextRequestIp } from "../client-ip";
import { verifyCredentials } from "../services/sign-in";
import { findOrCreateOAuthUser } from "../services/users";

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
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        if (!credentials?.email || !credentials.password) return null;
        try {
          const ip = nextRequestIp(request.headers?.["x-forwarded-for"]);
          return await verifyCredentials({ email: credentials.email, password: credentials.password, ip });
        } catch (error) {
          // The message reaches the sign-in form as ?error=…; it is the same for every failure cause.
          if (error instanceof AppError) throw new Error(error.message);
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
      const local = await findOrCreateOAuthUser({ email: user.email, name: user.name ?? null });
      user.id = local.id;
      return true;
    },
    jwt({ token, user }) {
      if (user) token.uid = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
};

declare module "next-auth" {
  interface Session {
    user?: { id?: string; name?: string | null; email?: string | null; image?: string | null };
  }
}
