// What one command needs to run: the streams, the global flags, and the credential, API URL and
// website resolved from flags > environment > config file.
import { parseKey } from "@keygate/core/credentials";
import { type Config, readConfig } from "./config";
import { type CliEnv, DEFAULT_API_URL, readEnv } from "./env";
import { CliError, EXIT } from "./errors";
import type { Io } from "./io";
import { Api } from "./lib/api";

export interface GlobalOptions {
  json?: boolean;
  apiUrl?: string;
  website?: string;
}

export type CredentialKind = "accessToken" | "apiKey";

export interface Credential {
  token: string;
  kind: CredentialKind;
  source: "KEYGATE_TOKEN" | "config";
}

export class Context {
  readonly env: CliEnv;
  readonly api: Api;
  private configCache?: Promise<Config>;

  constructor(
    readonly io: Io,
    readonly globals: GlobalOptions,
    { spinner = true }: { spinner?: boolean } = {},
  ) {
    this.env = readEnv(io.env);
    this.api = new Api({
      io,
      apiUrl: () => this.apiUrl(),
      token: async () => (await this.credential()).token,
      timeoutMs: this.env.timeoutMs,
      spinner,
    });
  }

  get json(): boolean {
    return Boolean(this.globals.json);
  }

  config(): Promise<Config> {
    this.configCache ??= readConfig(this.env.configDir);
    return this.configCache;
  }

  async apiUrl(): Promise<string> {
    const url = this.globals.apiUrl ?? this.env.apiUrl ?? (await this.config()).apiUrl ?? DEFAULT_API_URL;
    return url.replace(/\/+$/, "");
  }

  async credential(): Promise<Credential> {
    const fromEnv = this.env.token;
    const token = fromEnv ?? (await this.config()).token;
    if (!token) {
      throw new CliError("Not logged in: run `keygate login` or set KEYGATE_TOKEN", EXIT.auth);
    }
    const kind = parseKey(token);
    if (!kind) {
      const where = fromEnv ? "KEYGATE_TOKEN" : "The stored token";
      throw new CliError(`${where} is not a Keygate credential (dft_… or df_…)`, EXIT.auth);
    }
    return { token, kind, source: fromEnv ? "KEYGATE_TOKEN" : "config" };
  }

  /** The default website: --website > KEYGATE_WEBSITE > the config's website. */
  async defaultWebsite(): Promise<string | undefined> {
    return this.globals.website ?? this.env.website ?? (await this.config()).website;
  }
}
