/**
 * Converted Grafana dashboards run: every SQL panel of the fixtures answers through the real query path (variables,
 * macros, Grafana's result conventions, gap fill) on the demo tables of the embedded DuckDB, and the MySQL-flavoured
 * schema-14 export on MariaDB (127.0.0.1:3306, PULSEBOARD_TEST_MYSQL_URL to point elsewhere; skipped without one).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../runtime';
import { backfillDuckDb } from '../simulator/backfill-duckdb';
import { backfillThroughStore } from '../simulator/backfill';
import { sqlStore } from '../ingest/store';
import type { DuckDbDriver } from '../datasources/duckdb';
import type { MySqlDriver } from '../datasources/mysql';
import { mysqlUnavailable } from '../testing/mysql-server';
import { convertGrafanaDashboard, type GrafanaImport } from './grafana-import';

const FIXTURES = path.join(import.meta.dirname, 'grafana-fixtures');
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
const range = { from: 'now-1h', to: 'now' };

const MYSQL_URL = (() => {
  const u = new URL(process.env.PULSEBOARD_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306');
  u.pathname = '/pulseboard_test_grafana_import';
  return u.toString();
})();
const noMysql = await mysqlUnavailable(MYSQL_URL);
if (noMysql) console.warn(`[grafana-import-run.test] MariaDB part SKIPPED: ${noMysql}`);

let dir: string;
let rt: Runtime;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-grafana-'));
  if (!noMysql) {
    const u = new URL(MYSQL_URL);
    const c = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
    });
    await c.query('DROP DATABASE IF EXISTS pulseboard_test_grafana_import');
    await c.end();
  }
  rt = new Runtime({
    env: {
      PULSEBOARD_DATA_DIR: dir,
      PULSEBOARD_PROVISIONING_DIR: path.resolve('provisioning'),
      ...(noMysql ? {} : { MYSQL_URL }),
    },
    simulator: false,
    defaultMetrics: false,
    log: () => {},
  });
  await rt.start();
  await backfillDuckDb(rt.datasources.get('duckdb').driver as DuckDbDriver, 2);
  if (!noMysql) {
    const driver = rt.datasources.get('mysql').driver as MySqlDriver;
    await driver.ensureDatabase();
    const store = sqlStore('mysql', driver);
    await store.ensureSchema();
    await backfillThroughStore(store, 1);
  }
}, 120_000);

afterAll(async () => {
  await rt?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function load(name: string, inputs: Record<string, string>, defaultDatasource = 'duckdb'): GrafanaImport {
  const r = convertGrafanaDashboard(fixture(name), {
    inputs,
    datasources: rt.datasources.list(),
    defaultDatasource,
    newUid: () => `run-${name}`,
  });
  rt.dashboards.put(r.dashboard);
  return r;
}

/** Per SQL panel: rows returned, or the first error. */
async function runAll(r: GrafanaImport): Promise<Record<string, number | string>> {
  const out: Record<string, number | string> = {};
  for (const p of r.dashboard.panels.filter((x) => x.type !== 'text' && x.type !== 'row')) {
    const res = await rt.query({ dashboardUid: r.dashboard.uid, panelId: p.id, range });
    out[p.title] = res.errors?.[0]?.message ?? res.frames.reduce((n, f) => n + f.length, 0);
  }
  return out;
}

describe('on DuckDB', () => {
  it('runs every panel of the schema-39 export', async () => {
    const got = await runAll(load('v39-panels', {}));
    expect(Object.keys(got)).toHaveLength(6);
    for (const [title, rows] of Object.entries(got)) expect(rows, title).toBeGreaterThan(0);
  });

  it('runs the export with inputs and variables: interval in macros, constants, custom and textbox values', async () => {
    const r = load('inputs-variables', { DS_SENSORS: 'duckdb' });
    const got = await runAll(r);
    for (const [title, rows] of Object.entries(got)) expect(rows, title).toBeGreaterThan(0);
    // `$bucket` = 5m: 5-minute buckets, one series per sensor named by its `metric` column.
    const temp = r.dashboard.panels.find((p) => p.title.startsWith('Temperature'))!;
    const res = await rt.query({ dashboardUid: r.dashboard.uid, panelId: temp.id, range, vars: { bucket: '15m' } });
    const times = res.frames[0].fields.find((f) => f.name === 'time')!.values as number[];
    expect(times.every((t) => t % 900_000 === 0)).toBe(true);
    // The `auto` option is the panel's own $__interval.
    const auto = await rt.query({
      dashboardUid: r.dashboard.uid,
      panelId: temp.id,
      range,
      vars: { bucket: '$__interval' },
    });
    expect(auto.errors).toBeUndefined();
    // `$__timeGroup(ts, $bucket, NULL)` fills every bucket of the hour.
    const hum = r.dashboard.panels.find((p) => p.title.startsWith('Humidity'))!;
    const filled = await rt.query({ dashboardUid: r.dashboard.uid, panelId: hum.id, range, vars: { bucket: '1m' } });
    expect(filled.frames[0].length).toBeGreaterThanOrEqual(60);
    // A numeric time_sec column is the time.
    const summary = await rt.query({
      dashboardUid: r.dashboard.uid,
      panelId: r.dashboard.panels.find((p) => p.title === 'Range summary')!.id,
      range,
    });
    expect(summary.frames[0].fields[0]).toMatchObject({ name: 'time_sec', type: 'time' });
  });

  it('runs the portable panels of the MySQL-flavoured schema-14 export; UNIX_TIMESTAMP is MySQL only', async () => {
    const got = await runAll(load('mysql-v14-rows', { DS_MYSQL_SENSORS: 'duckdb' }));
    expect(got['Humidity (time_sec)']).toMatch(/unix_timestamp/i);
    for (const title of ['Temperature per sensor', 'Readings', 'Latest readings'])
      expect(got[title], title).toBeGreaterThan(0);
  });

  it('answers a query for a text panel or a row with 400', async () => {
    const r = load('v39-panels', {});
    const notes = r.dashboard.panels.find((p) => p.title === 'Notes')!;
    await expect(rt.query({ dashboardUid: r.dashboard.uid, panelId: notes.id, range })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('text panels have no query'),
    });
    const row = r.dashboard.panels.find((p) => p.type === 'row')!;
    await expect(rt.query({ dashboardUid: r.dashboard.uid, panelId: row.id, range })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('rows have no query'),
    });
  });
});

describe.skipIf(!!noMysql)('on MariaDB', () => {
  it('runs every panel of the schema-14 export, time_sec and metric columns included', async () => {
    const r = load('mysql-v14-rows', { DS_MYSQL_SENSORS: 'mysql' }, 'mysql');
    const got = await runAll(r);
    for (const [title, rows] of Object.entries(got)) expect(rows, title).toBeGreaterThan(0);
    const humidity = r.dashboard.panels.find((p) => p.title === 'Humidity (time_sec)')!;
    const res = await rt.query({ dashboardUid: r.dashboard.uid, panelId: humidity.id, range });
    const time = res.frames[0].fields[0];
    expect(time).toMatchObject({ name: 'time_sec', type: 'time' });
    expect((time.values as number[]).every((t) => t % 300_000 === 0)).toBe(true);
    // `metric` names the series: one per sensor, $__timeGroup(…, 0) filled with zeros.
    const temp = r.dashboard.panels.find((p) => p.title === 'Temperature per sensor')!;
    const t = await rt.query({
      dashboardUid: r.dashboard.uid,
      panelId: temp.id,
      range,
      vars: { sensor: ['sensor-1', 'sensor-2'] },
    });
    expect(new Set(t.frames[0].fields.find((f) => f.name === 'metric')!.values)).toEqual(
      new Set(['sensor-1', 'sensor-2']),
    );
  });
});
