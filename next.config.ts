import type { NextConfig } from 'next'
import { STATIC_SECURITY_HEADERS } from './lib/http/security-headers'

const nextConfig: NextConfig = {
  // Database drivers and the WASM schema engine are loaded from node_modules at run time, never bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pglite-prisma-adapter', '@prisma/adapter-pg', 'pg', '@node-rs/argon2'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` type-checks; the build need not do it twice
  outputFileTracingRoot: import.meta.dirname,
  // On every answer, built assets included (proxy.ts adds the CSP, HSTS and no-store to pages and route handlers).
  async headers() {
    return [{ source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] }]
  },
}

export default nextConfig
