// Turns a failed tRPC call into a sentence for a person.
import { TRPCClientError } from "@trpc/client";

const BY_CODE: Record<string, string> = {
  BAD_REQUEST: "Check the fields and try again.",
  UNAUTHORIZED: "Your session has ended. Sign in again.",
  FORBIDDEN: "You don't have permission to do that.",
  NOT_FOUND: "That no longer exists. Refresh the page.",
  TOO_MANY_REQUESTS: "Too many attempts. Wait a little and try again.",
  INTERNAL_SERVER_ERROR: "Something went wrong on our side. Try again.",
};

export function humanError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    // Our own messages (limits, conflicts, permissions) are written for people already.
    if (error.message && code !== "INTERNAL_SERVER_ERROR" && !error.message.startsWith("[")) return error.message;
    return (code && BY_CODE[code]) ?? "Something went wrong. Try again.";
  }
  return "Network problem. Check your connection and try again.";
}

/** Field-level messages from a validation failure, keyed by field name. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof TRPCClientError)) return {};
  const details = (error.data as { details?: { path: string; message: string }[] } | undefined)?.details ?? [];
  return Object.fromEntries(details.map((detail) => [detail.path, detail.message]));
}
