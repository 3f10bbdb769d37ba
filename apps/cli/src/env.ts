// The environment variables the CLI reads, validated once per run (empty values count as unset).
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { CliError } from "./errors";

const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const schema = z.object({
  KEYGATE_TOKEN: optional,
  KEYGATE_WEBSITE: optional,
  KEYGATE_API_URL: optional.pipe(z.url({ message: "Must be a URL such as http://localhost:3000" }).optional()),
  KEYGATE_TIMEOUT_MS: optional
    .transform((value) => (value === undefined ? undefined : Number(value)))
    .pipe(z.number({ message: "Must be a number of milliseconds" }).int().min(1).optional()),
  XDG_CONFIG_HOME: optional,
  HOME: optional,
});

export interface CliEnv {
  token?: string;
  website?: string;
  apiUrl?: string;
  timeoutMs: number;
  configDir: string;
}

export const DEFAULT_API_URL = "http://localhost:3000";

export function readEnv(env: Record<string, string | undefined>): CliEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw CliError.usage("Invalid environment variable", details);
  }
  const vars = parsed.data;
  const configHome = vars.XDG_CONFIG_HOME ?? join(vars.HOME ?? homedir(), ".config");
  return {
    token: vars.KEYGATE_TOKEN,
    website: vars.KEYGATE_WEBSITE,
    apiUrl: vars.KEYGATE_API_URL,
    timeoutMs: vars.KEYGATE_TIMEOUT_MS ?? 30_000,
    configDir: join(configHome, "keygate"),
  };
}
