// One-line JSON logs on stdout through pino. Callers pass facts, never credentials; as a second line
// of defence, secret-named fields are censored and key-shaped text is scrubbed wherever it appears.
import { KEY_PREFIX } from "@keygate/core/credentials";
import pino, { type DestinationStream, type Logger } from "pino";
import { env } from "../env";

type Level = "info" | "warn" | "error";

export const REDACTED = "[redacted]";

/** Field names whose values are censored at the top level and up to two levels down. */
const SECRET_FIELDS = [
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "passwordHash",
  "secret",
  "clientSecret",
  "token",
  "accessToken",
  "refreshToken",
  "sessionToken",
  "apiKey",
];
const REDACT_PATHS = SECRET_FIELDS.flatMap((name) => {
  const plain = /^\w+$/.test(name);
  const child = plain ? `.${name}` : `["${name}"]`;
  return [plain ? name : child, `*${child}`, `*.*${child}`];
});

/**
 * Raw keys (`df_` / `dft_` + base62, see @keygate/core/credentials), also truncated or mistyped ones,
 * session cookie values and bearer credentials of any kind.
 */
const KEY_TEXT = new RegExp(`(${Object.values(KEY_PREFIX).join("|")})[0-9A-Za-z]{12,}`, "g");
const COOKIE_TEXT = /((?:__Secure-|__Host-)?next-auth\.(?:session-token|csrf-token)(?:\.\d+)?=)[^;\s"',]+/g;
const BEARER_TEXT = /\b(Bearer\s+)[^\s"',;]+/gi;
const MAYBE_SECRET = /dft?_|next-auth\.|bearer/i;

/** The text with every key, session cookie and bearer credential replaced by a marker. */
export function scrubText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return text
    .replace(KEY_TEXT, `$1…${REDACTED}`)
    .replace(COOKIE_TEXT, `$1${REDACTED}`)
    .replace(BEARER_TEXT, `$1${REDACTED}`);
}

/** An Error as a plain object, so its message and stack can be scrubbed like any field. */
function plainError(error: Error): Record<string, unknown> {
  const { code, cause } = error as Error & { code?: unknown };
  return { type: error.name, message: error.message, stack: error.stack, code, cause };
}

/** Scrubs strings at any depth; copies an object or array only when something in it changed. */
function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (typeof value !== "object" || value === null || depth > 8) return value;
  if (value instanceof Error) return scrub(plainError(value), depth + 1);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i++) {
      const clean = scrub(value[i], depth + 1);
      if (clean === value[i]) continue;
      copy ??= [...value];
      copy[i] = clean;
    }
    return copy ?? value;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  let copy: Record<string, unknown> | null = null;
  for (const [key, item] of Object.entries(value)) {
    const clean = scrub(item, depth + 1);
    if (clean === item) continue;
    copy ??= { ...value };
    copy[key] = clean;
  }
  return copy ?? value;
}

/** A logger writing to `destination`; exported so tests can capture its lines. */
export function createLogger(destination: DestinationStream = process.stdout, level: string = env.LOG_LEVEL): Logger {
  return pino(
    {
      level,
      base: null,
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => scrub(fields) as Record<string, unknown>,
      },
      // Errors are already plain objects by then (see `scrub`).
      serializers: { err: (error: unknown) => error },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: {
        // The message and any printf-style arguments, before they are formatted into the line.
        logMethod(args, method) {
          // pino would take a lone Error's message as the line's message, past this hook: pass it here.
          if (args[0] instanceof Error && typeof args[1] !== "string") args.splice(1, 0, args[0].message);
          args.forEach((arg, i) => {
            if (typeof arg === "string") args[i] = scrubText(arg);
          });
          method.apply(this, args);
        },
      },
    },
    destination,
  );
}

export const logger = createLogger();

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  logger[level](fields, message);
}

export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { error: error.message, name: error.name, stack: error.stack };
  return { error: String(error) };
}
