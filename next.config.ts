import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addon: loaded by Node at run time, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 'prom-client', 'mysql2', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
