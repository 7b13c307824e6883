import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * Next's core-web-vitals and TypeScript rules (syntax only, no type-aware rules: `npm run lint` stays fast), plus
 * the line between browser code and the server: components and client modules never import a driver, the
 * runtime, the live hub, ingest, the server or Node's built-ins. They get data through /api and /api/live.
 */

const SERVER_ONLY = 'server code: the browser gets data through /api/query and /api/live';

/** `no-restricted-imports` options for code that runs in the browser. */
const BROWSER_IMPORTS = {
  paths: [
    ...builtinModules.map((name) => ({ name, message: `Node's ${name} does not exist in the browser.` })),
    ...['mysql2', 'mysql2/promise', '@duckdb/node-api', 'ws', 'prom-client', 'server-only'].map((name) => ({
      name,
      message: `${name} is ${SERVER_ONLY}.`,
    })),
  ],
  patterns: [
    { group: ['node:*'], message: "Node's built-ins do not exist in the browser." },
    {
      group: ['**/lib/datasources/*', '!**/lib/datasources/types'],
      message: `Drivers are ${SERVER_ONLY} (lib/datasources/types holds the types the browser may use).`,
    },
    {
      group: ['**/lib/engines', '**/lib/runtime', '**/lib/runtime-*'],
      message: `The engine table and the runtime are ${SERVER_ONLY}.`,
    },
    {
      group: ['**/lib/live/*', '!**/lib/live/apply-delta'],
      message: `The live hub, channels and socket are ${SERVER_ONLY} (lib/live/apply-delta is shared).`,
    },
    { group: ['**/lib/ingest/*', '**/lib/server/*'], message: `Ingest and the HTTP server are ${SERVER_ONLY}.` },
    {
      group: [
        '**/lib/query/execute',
        '**/lib/query/prepare',
        '**/lib/dashboards/store',
        '**/lib/simulator/*',
        '**/lib/cli/*',
      ],
      message: `This module is ${SERVER_ONLY}.`,
    },
  ],
};

/** `no-restricted-imports`, applied only to files that start with the "use client" directive (client code in app/). */
const baseRule = builtinRules.get('no-restricted-imports');
const clientImports = {
  meta: { ...baseRule.meta, docs: { description: 'no-restricted-imports in "use client" modules' } },
  create(context) {
    const client = context.sourceCode.ast.body.some(
      (s) => s.type === 'ExpressionStatement' && s.directive === 'use client',
    );
    return client ? baseRule.create(context) : {};
  },
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    '.next/**',
    'next-env.d.ts',
    'data/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    '.e2e-data*/**',
  ]),
  {
    rules: {
      // `_` marks a parameter kept for its position; a rest sibling drops the keys it names (secrets from a config).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
    },
  },
  {
    files: ['components/**/*.{ts,tsx}', 'bench/browser/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', BROWSER_IMPORTS] },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { pulseboard: { rules: { 'client-imports': clientImports } } },
    rules: { 'pulseboard/client-imports': ['error', BROWSER_IMPORTS] },
  },
]);
