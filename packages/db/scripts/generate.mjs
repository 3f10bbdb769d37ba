// Runs `prisma generate` offline: the CLI only needs PRISMA_SCHEMA_ENGINE_BINARY to name an existing
// file to skip its engine download, and generate never runs that engine.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const schema = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));
const result = spawnSync("prisma", ["generate", "--schema", schema], {
  stdio: "inherit",
  shell: process.platform === "win32",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});
process.exit(result.status ?? 1);
