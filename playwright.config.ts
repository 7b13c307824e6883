import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT || 3199);
export const MYSQL_PORT = PORT - 1;
export const E2E_EMBED_SECRET = 'e2e-embed-secret-0123456789abcdef';
/** The embedding site the e2e embed tests serve; another port is a second origin that is not allowed. */
export const EMBED_HOST_PORT = 3299;
export const DRUID_PORT = PORT - 2;
/** The Druid fixture server the Druid e2e tests start in their own process. */
export const DRUID_FIXTURE_PORT = Number(process.env.E2E_DRUID_FIXTURE_PORT || 8897);
/** Every e2e server accepts this bootstrap credential (`PULSEBOARD_ADMIN_TOKEN`): ingest needs an editor. */
export const E2E_ADMIN_TOKEN = 'e2e-admin-token';
export const E2E_AUTH = { Authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
/** A server as it runs on a network: HOST=0.0.0.0 and no PULSEBOARD_ANONYMOUS, so anonymous viewing is off. */
export const LOCKED_PORT = PORT - 4;
export const LOCKED_ADMIN_PASSWORD = 'e2e-admin-password';
export const E2E_MYSQL_URL = process.env.E2E_MYSQL_URL || 'mysql://root@127.0.0.1:3306/pulseboard_e2e';

/** Debian's Chromium (no browser download); the app runs as `npm start` would, on a throwaway data dir. */
export default defineConfig({
  testDir: './e2e',
  // e2e/fixtures holds vitest tests (*.test.ts) of the test servers; Playwright runs the *.spec.ts files only.
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: [
    {
      command: 'rm -rf .e2e-data && npx tsx lib/cli/start.ts',
      url: `http://127.0.0.1:${PORT}/api/health`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(PORT),
        HOST: '127.0.0.1',
        PULSEBOARD_DATA_DIR: '.e2e-data',
        PULSEBOARD_BACKFILL_HOURS: '24',
        PULSEBOARD_EXTRA_DASHBOARDS: 'e2e/fixtures/dashboards',
        PULSEBOARD_EMBED_SECRET: E2E_EMBED_SECRET,
        PULSEBOARD_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
        // The bad-input suite sends hundreds of wrong logins from 127.0.0.1; account locks still apply.
        PULSEBOARD_LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
        PULSEBOARD_EMBED_ORIGINS: `http://127.0.0.1:${EMBED_HOST_PORT}`,
      },
    },
    {
      // The same build on MariaDB through the `mysql` type; rows come only from the test's external INSERTs.
      // Started after the first server, whose start builds the app.
      command: 'rm -rf .e2e-data-mysql && npx tsx lib/cli/start.ts',
      url: `http://127.0.0.1:${MYSQL_PORT}/api/dashboards`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(MYSQL_PORT),
        HOST: '127.0.0.1',
        PULSEBOARD_DATA_DIR: '.e2e-data-mysql',
        PULSEBOARD_SIMULATOR: 'off',
        MYSQL_URL: E2E_MYSQL_URL,
        PULSEBOARD_DEMO_DATASOURCE: 'mysql',
        PULSEBOARD_LIVE_TICK_MS: '250',
        PULSEBOARD_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      },
    },
    {
      // The same build on Druid: the demo dashboards, error-class and slow-query dashboards against the fixture
      // server that e2e/druid.spec.ts starts (the server does not touch Druid until a page asks).
      command: 'rm -rf .e2e-data-druid && npx tsx lib/cli/start.ts',
      url: `http://127.0.0.1:${DRUID_PORT}/api/dashboards`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(DRUID_PORT),
        HOST: '127.0.0.1',
        PULSEBOARD_DATA_DIR: '.e2e-data-druid',
        PULSEBOARD_SIMULATOR: 'off',
        DRUID_URL: `http://127.0.0.1:${DRUID_FIXTURE_PORT}`,
        PULSEBOARD_DEMO_DATASOURCE: 'druid',
        PULSEBOARD_LIVE_TICK_MS: '250',
        PULSEBOARD_EXTRA_DASHBOARDS: 'e2e/fixtures/druid-dashboards',
        PULSEBOARD_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
      },
    },
    {
      // Accounts as on a network (e2e/accounts.spec.ts): listening on every address with no anonymous setting, so
      // every page asks to log in. The first admin's password comes from the environment.
      command: 'rm -rf .e2e-data-locked && npx tsx lib/cli/start.ts',
      url: `http://127.0.0.1:${LOCKED_PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: {
        PORT: String(LOCKED_PORT),
        HOST: '0.0.0.0',
        PULSEBOARD_DATA_DIR: '.e2e-data-locked',
        PULSEBOARD_BACKFILL_HOURS: '1',
        PULSEBOARD_ADMIN_PASSWORD: LOCKED_ADMIN_PASSWORD,
        PULSEBOARD_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
        PULSEBOARD_EMBED_SECRET: E2E_EMBED_SECRET,
        PULSEBOARD_LIVE_TICK_MS: '250',
      },
    },
  ],
});
