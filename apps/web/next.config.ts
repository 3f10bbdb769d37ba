import type { NextConfig } from "next";

const config: NextConfig = {
  transpilePackages: ["@keygate/core", "@keygate/db"],
  // Native or WASM packages stay outside the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default config;
