// Exit codes and the one error type the CLI throws: every failure ends as `Error: <message>` and a
// code a script can branch on.

export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  permission: 4,
  notFound: 5,
  conflict: 6,
  network: 7,
  server: 8,
  /** Ctrl-C at a prompt, or a confirmation answered no: nothing changed. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ErrorDetail {
  path: string;
  message: string;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }

  static usage(message: string, details?: ErrorDetail[]) {
    return new CliError(message, EXIT.usage, details);
  }
}

/** The exit code for an HTTP status the API answered with. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 400 || status === 413 || status === 422) return EXIT.usage;
  if (status === 401) return EXIT.auth;
  if (status === 403) return EXIT.permission;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  if (status === 429 || status >= 500) return EXIT.server;
  return EXIT.unexpected;
}

/** One line: the message, then each field problem as `path: message`. */
export function formatError(error: CliError): string {
  const details = error.details.map((detail) => `${detail.path}: ${detail.message}`).join("; ");
  return `Error: ${error.message}${details ? ` (${details})` : ""}`;
}
