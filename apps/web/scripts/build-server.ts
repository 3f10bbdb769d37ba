// Compiles server.ts (the custom server: REST, collection, MCP, health, metrics, then Next) into
// dist/server.mjs, so production runs plain JavaScript rather than a TypeScript loader. The
// workspace packages (@keygate/*, TypeScript sources) are bundled in; every other package stays an
// import resolved from node_modules at run time. Files the server reads beside its code are copied.
// `pnpm build` runs it after `next build`; tests and benches rebuild when a source is newer.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(APP_DIR, "dist");
export const SERVER_BUNDLE = join(OUT_DIR, "server.mjs");
/** What the bundle is made of: a change here means a rebuild. */
const SOURCES = [
  join(APP_DIR, "server.ts"),
  join(APP_DIR, "src"),
  join(APP_DIR, "../../packages/core/src"),
  join(APP_DIR, "../../packages/db/src"),
];

/** `@scope/name/sub` → `@scope/name`. */
const packageName = (path: string) =>
  path
    .split("/")
    .slice(0, path.startsWith("@") ? 2 : 1)
    .join("/");

/** Whether Node, running dist/server.mjs, finds the package: a node_modules folder on the way up. */
function resolvableFromApp(name: string): boolean {
  for (let dir = OUT_DIR; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "node_modules", name, "package.json"))) return true;
    if (dirname(dir) === dir) return false;
  }
}

export async function buildServer(): Promise<void> {
  const result = await build({
    entryPoints: [join(APP_DIR, "server.ts")],
    outfile: SERVER_BUNDLE,
    bundle: true,
    write: false,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
    // For the CommonJS bits of bundled code.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [
      {
        name: "external-packages",
        setup(plugin) {
          // Bare imports stay external, except our own workspace packages. A dependency of a
          // workspace package that apps/web cannot resolve itself is imported by its relative path.
          plugin.onResolve({ filter: /^[^./]/ }, async (args) => {
            if (args.path.startsWith("@keygate/") || args.pluginData === "inner") return undefined;
            if (args.path.startsWith("node:") || resolvableFromApp(packageName(args.path))) {
              return { path: args.path, external: true };
            }
            const resolved = await plugin.resolve(args.path, {
              kind: args.kind,
              resolveDir: args.resolveDir,
              pluginData: "inner",
            });
            if (resolved.errors.length > 0) return { errors: resolved.errors };
            return { path: relative(OUT_DIR, resolved.path), external: true };
          });
        },
      },
    ],
  });
  mkdirSync(OUT_DIR, { recursive: true });
  copyFileSync(join(APP_DIR, "src/server/collect/script.js"), join(OUT_DIR, "script.js"));
  // Written aside then renamed: a server starting meanwhile reads the old file or the new, never half.
  const temporary = `${SERVER_BUNDLE}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0]?.contents ?? "");
  renameSync(temporary, SERVER_BUNDLE);
}

function newestSource(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.(ts|tsx|js|mjs)$/.test(path) ? stat.mtimeMs : 0;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "app" || entry === "components") continue;
    newest = Math.max(newest, newestSource(join(path, entry)));
  }
  return newest;
}

/** Builds the bundle unless it is newer than every source it is made of. */
export async function ensureServerBuilt(): Promise<void> {
  let built = 0;
  try {
    built = statSync(SERVER_BUNDLE).mtimeMs;
  } catch {}
  if (built === 0 || Math.max(...SOURCES.map(newestSource)) > built) await buildServer();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildServer();
