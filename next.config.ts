import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addon: loaded by Node at run time, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 'prom-client', 'mysql2', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` type-checks (tsc --noEmit); skipping it here keeps a first `npm start` well under 30 s.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
