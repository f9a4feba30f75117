import type { NextConfig } from 'next'

const nextConfig: NextConfig = {
  // Database drivers and the WASM schema engine are loaded from node_modules at run time, never bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg', 'pg', '@node-rs/argon2'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` type-checks; the build need not do it twice
  outputFileTracingRoot: import.meta.dirname,
}

export default nextConfig
