import { defineConfig } from 'vitest/config';
import path from 'node:path';

/**
 * `npm run test:druid`: tests against a real Druid and Kafka (`*.druid.ts`, outside `npm run test:unit`'s globs).
 * The global setup starts both once for the run (or reuses running ones) and stops what it started.
 */
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, '../..') } },
  test: {
    root: path.resolve(import.meta.dirname, '../..'),
    include: ['e2e/services/**/*.druid.ts'],
    globalSetup: ['e2e/services/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
