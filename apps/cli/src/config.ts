// The stored login: `$XDG_CONFIG_HOME/keygate/config.json`, readable by its owner only.
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { CliError } from "./errors";

const configSchema = z.object({
  token: z.string().optional(),
  apiUrl: z.string().optional(),
  website: z.string().optional(),
});

export type Config = z.infer<typeof configSchema>;

export const configPath = (dir: string) => join(dir, "config.json");

export async function readConfig(dir: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(configPath(dir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  try {
    return configSchema.parse(JSON.parse(text));
  } catch {
    throw CliError.usage(`${configPath(dir)} is not a valid config file: fix it or delete it and log in again`);
  }
}

/** Writes through a temporary file so a crash never leaves half a token; 0600 file, 0700 dir. */
export async function writeConfig(dir: string, config: Config): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir keeps the mode of a directory that already exists; a token must not sit in a shared one.
  await chmod(dir, 0o700);
  const path = configPath(dir);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

export async function updateConfig(dir: string, change: (config: Config) => Config): Promise<Config> {
  const next = change(await readConfig(dir));
  if (Object.values(next).every((value) => value === undefined)) {
    await rm(configPath(dir), { force: true });
  } else {
    await writeConfig(dir, next);
  }
  return next;
}
