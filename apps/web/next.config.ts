import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@keygate/core", "@keygate/db"],
  // Native or WASM packages stay outside the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  // `pnpm dev` opened on 127.0.0.1 (not only localhost) must load Next's own scripts, or forms run without them.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  typescript: { ignoreBuildErrors: false },
};

export default config;
