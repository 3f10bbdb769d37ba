#!/usr/bin/env node
// The `keygate` executable. Runs the bundle in dist/ (built by `pnpm build`; it starts several times
// faster than the sources through tsx), unless a source file it was built from has changed since:
// then the sources run through tsx, so a working tree never runs stale code.
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function bundleIsCurrent() {
  try {
    const built = statSync(`${root}dist/main.js`).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(`${root}dist/meta.json`, "utf8"));
    return Object.keys(inputs)
      .filter((input) => !input.includes("node_modules/"))
      .every((input) => statSync(`${root}${input}`).mtimeMs <= built);
  } catch {
    return false;
  }
}

// A reader that stops early (`keygate … | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

let main;
if (bundleIsCurrent()) {
  main = await import("../dist/main.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  main = await import("../src/main.ts");
}
process.exitCode = await main.run(process.argv.slice(2), {
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
