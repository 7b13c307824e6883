import { execFileSync } from 'node:child_process';
import mysql from 'mysql2/promise';
import { expect, test } from '@playwright/test';
import { E2E_MYSQL_URL, MYSQL_PORT } from '../playwright.config';
import { expectEveryPanelReady } from './helpers';

/**
 * The demo dashboards on MariaDB through the `mysql` datasource type (the protocol StarRocks speaks), fed only by
 * an external writer, as the seed's push_data.py feeds StarRocks.
 */
const base = `http://127.0.0.1:${MYSQL_PORT}`;
const env = { ...process.env, MYSQL_URL: E2E_MYSQL_URL };

async function reachable(): Promise<string | undefined> {
  try {
    const u = new URL(E2E_MYSQL_URL);
    const c = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: u.username,
      connectTimeout: 3000,
    });
    await c.query(`DROP DATABASE IF EXISTS ${u.pathname.slice(1)}`);
    await c.end();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

test.describe('on MariaDB through the mysql type', () => {
  test.beforeAll(async () => {
    const why = await reachable();
    test.skip(!!why, `no MySQL-protocol server: ${why}`);
    const tsx = ['node_modules/tsx/dist/cli.mjs'];
    execFileSync(process.execPath, [...tsx, 'lib/cli/db-init.ts', '--datasource', 'mysql'], { env, stdio: 'inherit' });
    execFileSync(
      process.execPath,
      [...tsx, 'lib/cli/simulate.ts', '--datasource', 'mysql', '--backfill', '1h', '--duration', '1s'],
      { env, stdio: 'inherit' },
    );
  });

  for (const uid of ['iot-sensors', 'sales', 'overview']) {
    test(`${uid}: every panel renders data`, async ({ page }) => {
      await expectEveryPanelReady(page, `${base}/d/${uid}`);
    });
  }

  test('rows from an external INSERT loop appear live', async ({ page }) => {
    await page.goto(`${base}/d/iot-sensors?from=now-15m&to=now`);
    const panel = page.locator('[data-panel-id="1"]');
    await expect(panel).toHaveAttribute('data-state', 'ready');
    await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
    const writer = await mysql.createConnection({ uri: E2E_MYSQL_URL, timezone: 'Z' });
    const seen: number[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const ts = Date.now();
        const text = new Date(ts).toISOString().slice(0, 19).replace('T', ' ');
        await writer.query('INSERT INTO sensor_data (sensor_id, temperature, humidity, ts) VALUES (?, ?, ?, ?)', [
          'sensor-1',
          21 + i,
          50,
          text,
        ]);
        const bucket = Math.floor(ts / 1000) * 1000;
        await expect
          .poll(async () => Number(await panel.getAttribute('data-last-time')), { timeout: 5000, intervals: [100] })
          .toBeGreaterThanOrEqual(bucket);
        seen.push(Number(await panel.getAttribute('data-last-time')));
        await page.waitForTimeout(1100);
      }
    } finally {
      await writer.end();
    }
    expect(new Set(seen).size).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(1);
  });
});
