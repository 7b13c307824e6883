/**
 * `npm run bench:mysql`: the MySQL-protocol path on a real server (MariaDB here, standing in for StarRocks).
 *  - /api/query p50 against raw mysql2 p50 for the same rendered SQL (ratio);
 *  - external INSERT → the browser's data-last-time advancing, p50 and p95 over 20 inserts.
 * BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/pulseboard_bench). Needs a production build.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { launchChromium, runBench, withServer, writeResults } from './lib';
import { pct } from './stats';
import { DashboardStore } from '../lib/dashboards/store';
import { DataSourceRegistry } from '../lib/datasources/registry';
import { MySqlDriver } from '../lib/datasources/mysql';
import { preparePanelQuery } from '../lib/query/prepare';
import { utcDateTimeText } from '../lib/ingest/tables';

const URL_ = process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306/pulseboard_bench';
const PORT = Number(process.env.BENCH_PORT || 3401);
const BASE = `http://127.0.0.1:${PORT}`;
const env = { ...process.env, MYSQL_URL: URL_, PULSEBOARD_DEMO_DATASOURCE: 'mysql' };
const tsx = (script: string, ...args: string[]) =>
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', script, ...args], { env, stdio: 'inherit' });

async function queryOverhead(results: Record<string, number>): Promise<void> {
  const to = Date.now();
  const range = { from: String(to - 3_600_000), to: String(to) }; // absolute: the server renders the same SQL
  const reg = new DataSourceRegistry();
  const driver = new MySqlDriver({ type: 'mysql', url: URL_, queryTimeoutMs: 30_000 });
  reg.add(
    { uid: 'mysql', name: 'mysql', type: 'mysql', queryTimeoutMs: 30_000, maxRows: 100_000, maxConcurrent: 8 },
    driver,
  );
  const dashboards = DashboardStore.fromDirectories([path.resolve('provisioning/dashboards')], env);
  const p = await preparePanelQuery(
    {
      dashboards,
      datasources: reg,
      loadOptions: async () => ['sensor-1', 'sensor-2', 'sensor-3', 'sensor-4', 'sensor-5'],
    },
    { dashboardUid: 'iot-sensors', panelId: 1, range, maxDataPoints: 800 },
  );
  const sql = p.targets[0].render(p.range).sql;
  const conn = await mysql.createConnection({
    uri: URL_,
    timezone: 'Z',
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
  });
  await conn.query("SET time_zone = '+00:00'");
  const raw: number[] = [];
  const api: number[] = [];
  const body = JSON.stringify({ dashboardUid: 'iot-sensors', panelId: 1, range, maxDataPoints: 800 });
  for (let i = 0; i < 21; i++) {
    let t = performance.now();
    await conn.query({ sql, rowsAsArray: true });
    if (i) raw.push(performance.now() - t);
    t = performance.now();
    const res = await fetch(`${BASE}/api/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const json = (await res.json()) as { errors?: unknown };
    if (!res.ok || json.errors) throw new Error(`query failed: ${JSON.stringify(json)}`);
    if (i) api.push(performance.now() - t);
  }
  await conn.end();
  await driver.close();
  results.mysql_raw_p50_ms = Number(pct(raw, 50).toFixed(2));
  results.mysql_api_query_p50_ms = Number(pct(api, 50).toFixed(2));
  results.mysql_api_to_raw_ratio = Number((pct(api, 50) / pct(raw, 50)).toFixed(2));
}

async function freshness(results: Record<string, number>): Promise<void> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${BASE}/d/iot-sensors?from=now-15m&to=now&refresh=live`);
  await page.waitForSelector('[data-panel-id="1"][data-state="ready"]');
  const writer = await mysql.createConnection({ uri: URL_, timezone: 'Z' });
  const lat: number[] = [];
  for (let i = 0; i < 20; i++) {
    // The previous wait ended just after a tick: a uniform offset over a whole period lands anywhere in it.
    await new Promise((r) => setTimeout(r, 1000 + Math.random() * 1000));
    const now = Date.now();
    const t0 = performance.now();
    await writer.query('INSERT INTO sensor_data (sensor_id, temperature, humidity, ts) VALUES (?, ?, ?, ?)', [
      'sensor-1',
      20 + i / 10,
      50,
      utcDateTimeText(now),
    ]);
    await page.waitForFunction(
      (b) => Number(document.querySelector('[data-panel-id="1"]')?.getAttribute('data-last-time')) >= b,
      Math.floor(now / 1000) * 1000,
      { polling: 'raf', timeout: 10_000 },
    );
    lat.push(performance.now() - t0);
  }
  await writer.end();
  await browser.close();
  results.mysql_insert_to_pixel_p50_ms = Math.round(pct(lat, 50));
  results.mysql_insert_to_pixel_p95_ms = Math.round(pct(lat, 95));
}

async function main(): Promise<void> {
  const u = new URL(URL_);
  const admin = await mysql.createConnection({
    host: u.hostname,
    port: Number(u.port || 3306),
    user: u.username,
    password: decodeURIComponent(u.password),
  });
  await admin.query(`DROP DATABASE IF EXISTS ${u.pathname.slice(1)}`);
  await admin.end();
  tsx('lib/cli/db-init.ts', '--datasource', 'mysql');
  tsx('lib/cli/simulate.ts', '--datasource', 'mysql', '--backfill', '6h', '--duration', '1s');
  const results: Record<string, number> = {};
  await withServer(PORT, { ...env, PULSEBOARD_SIMULATOR: 'off' }, async () => {
    await queryOverhead(results);
    await freshness(results);
  });
  writeResults('mysql', results);
  console.table(results);
}

runBench(main);
