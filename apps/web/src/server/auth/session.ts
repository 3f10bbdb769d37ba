// The one way pages and tRPC learn who is signed in. next-auth's jwt callback (options.ts) checks the
// session row behind the cookie on every read, so a cookie whose session ended — signed out, ended
// from another device, by a password change or by staff, idle or past its lifetime — reads as
// signed out here, and so does a cookie issued without a session id.
import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "./options";

export interface SignedInUser {
  id: string;
  email: string | null;
  name: string | null;
  /** The session (sign-in) this request came with. */
  sessionId: string;
}

/** The signed-in user of this request, or null. Read once per request (server components share it). */
export const currentUser = cache(async (): Promise<SignedInUser | null> => {
  const session = await getServerSession(authOptions);
  const id = session?.user?.id;
  const sessionId = session?.sessionId;
  if (!id || !sessionId) return null;
  return { id, email: session.user?.email ?? null, name: session.user?.name ?? null, sessionId };
});
