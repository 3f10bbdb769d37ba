// The REST v1 client: one fetch per call, the envelope unwrapped, every failure a CliError whose exit
// code says what went wrong (auth, permission, not found, conflict, network, server).
import { randomUUID } from "node:crypto";
import { CliError, EXIT, exitCodeForStatus } from "../errors";
import type { Io } from "../io";
import { withSpinner } from "./spinner";

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A credential other than the configured one: login checks a token before storing it. */
  token?: string;
  /**
   * Sent as `Idempotency-Key` (create and roll): a call that got no answer is sent again with it, and
   * the server answers the first result again — the same raw key — instead of making a second one.
   */
  idempotencyKey?: string;
}

/** The flag create and roll take; without it each run sends a new random key (retries within the run reuse it). */
export const IDEMPOTENCY_FLAG = "--idempotency-key <key>";
export const IDEMPOTENCY_FLAG_HELP = "retry-safe key (a UUID): the same key answers the first result again";

/** The given key, or a new random one; refused locally when the server would refuse it. */
export function idempotencyKey(given: string | undefined): string {
  if (given === undefined) return randomUUID();
  if (!/^[\x21-\x7e]{1,255}$/.test(given)) {
    throw new CliError("--idempotency-key: 1 to 255 visible ASCII characters, e.g. a UUID", EXIT.usage);
  }
  return given;
}

/** Retries of an idempotent call that got no answer (or found its first attempt still running). */
const IDEMPOTENT_RETRIES = [500, 1_500];

export interface ApiTarget {
  io: Io;
  apiUrl: () => Promise<string>;
  token: () => Promise<string>;
  timeoutMs: number;
  /** False in `keygate mcp`, where nothing but the protocol may reach the terminal. */
  spinner: boolean;
}

interface ErrorBody {
  status?: string;
  error?: { message?: string; details?: { path: string; message: string }[] };
}

/** A path with each interpolated id percent-encoded: an id can never reach another route. */
export function path(strings: TemplateStringsArray, ...ids: string[]): string {
  return strings.reduce(
    (built, part, index) => built + part + (index < ids.length ? encodeURIComponent(ids[index] ?? "") : ""),
    "",
  );
}

export function buildUrl(apiUrl: string, path: string, query: Query = {}): string {
  const url = new URL(`${apiUrl.replace(/\/+$/, "")}/api/v1${path}`);
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, String(value));
  }
  return url.toString();
}

function networkError(error: unknown, apiUrl: string, timeoutMs: number): CliError {
  const name = (error as Error).name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new CliError(`No answer from ${apiUrl} within ${timeoutMs / 1000} s`, EXIT.network);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const reason = cause?.code ?? cause?.message ?? (error as Error).message;
  return new CliError(`Cannot reach ${apiUrl} (${reason}); check --api-url or KEYGATE_API_URL`, EXIT.network);
}

export class Api {
  constructor(private readonly target: ApiTarget) {}

  /** The whole response body (for replies with keys beside `data`, such as `pagination`). */
  async body<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const { idempotencyKey } = options;
    if (idempotencyKey === undefined) return this.once<T>(method, path, options);
    for (const wait of IDEMPOTENT_RETRIES) {
      try {
        return await this.once<T>(method, path, options);
      } catch (error) {
        const retry =
          error instanceof CliError && (error.exitCode === EXIT.network || error.exitCode === EXIT.conflict);
        if (!retry) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    try {
      return await this.once<T>(method, path, options);
    } catch (error) {
      if (error instanceof CliError && error.exitCode === EXIT.network) {
        throw new CliError(
          `${error.message}. Run the same command again with --idempotency-key ${idempotencyKey}: if the server ` +
            "did it, you get the same result (and key) instead of a second one.",
          error.exitCode,
        );
      }
      throw error;
    }
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const apiUrl = await this.target.apiUrl();
    const token = options.token ?? (await this.target.token());
    const url = buildUrl(apiUrl, path, options.query);
    const call = fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(options.idempotencyKey === undefined ? {} : { "idempotency-key": options.idempotencyKey }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(this.target.timeoutMs),
    }).then(async (response) => ({ response, text: await response.text() }));
    const label = `${method} ${path}`;
    let result: Awaited<typeof call>;
    try {
      result = this.target.spinner ? await withSpinner(this.target.io, label, call) : await call;
    } catch (error) {
      throw networkError(error, apiUrl, this.target.timeoutMs);
    }
    const { response, text } = result;
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    const envelope = parsed as ErrorBody | undefined;
    if (!response.ok || envelope?.status === "error") {
      const message = envelope?.error?.message ?? `${response.status} ${response.statusText || "error"} from ${label}`;
      throw new CliError(message, exitCodeForStatus(response.status), envelope?.error?.details ?? []);
    }
    if (parsed === undefined) {
      throw new CliError(`${label} answered ${response.status} without JSON; is ${apiUrl} a Keygate server?`, 1);
    }
    return parsed as T;
  }

  /**
   * A streamed file (an export): the response, to be read as it arrives. No timeout once it has
   * started (a large export takes as long as it takes); an error answer throws like any call.
   */
  async download(path: string, query: Query = {}): Promise<Response> {
    const apiUrl = await this.target.apiUrl();
    const token = await this.target.token();
    let response: Response;
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new DOMException("The operation timed out", "TimeoutError")),
      this.target.timeoutMs,
    );
    try {
      response = await fetch(buildUrl(apiUrl, path, query), {
        headers: { authorization: `Bearer ${token}` },
        signal: abort.signal,
      });
    } catch (error) {
      throw networkError(error, apiUrl, this.target.timeoutMs);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      const text = await response.text();
      let envelope: ErrorBody | undefined;
      try {
        envelope = JSON.parse(text) as ErrorBody;
      } catch {
        envelope = undefined;
      }
      const message =
        envelope?.error?.message ?? `${response.status} ${response.statusText || "error"} from GET ${path}`;
      throw new CliError(message, exitCodeForStatus(response.status), envelope?.error?.details ?? []);
    }
    return response;
  }

  /** `data` of the envelope: an array on the Account API, sometimes an object on the Website API. */
  async data<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const body = await this.body<{ data: T }>(method, path, options);
    return body.data;
  }

  get = <T>(path: string, query?: Query) => this.data<T>("GET", path, { query });
}
