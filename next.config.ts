import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native addon: loaded by Node at run time, never bundled.
  serverExternalPackages: ['@duckdb/node-api', '@duckdb/node-bindings', 'prom-client', 'mysql2', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The build type-checks what it ships (app/, components/, lib/ without tests); `npm run typecheck` covers the rest.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
};

export default nextConfig;
