/**
 * A range that holds no rows is "No data", not an error: on every engine an empty result keeps its typed columns,
 * and every demo panel answers without errors.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mysqlUnavailable } from '../testing/mysql-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDruidFixture, type DruidFixture } from '../../e2e/fixtures/druid/server';
import { DruidDriver } from './druid';
import { MySqlDriver } from './mysql';
import { Runtime } from '../runtime';
import { backfillDuckDb } from '../simulator/backfill-duckdb';
import type { DuckDbDriver } from './duckdb';

const EMPTY_RANGE = { from: '2001-01-01T00:00:00Z', to: '2001-01-01T06:00:00Z' };

describe('every demo panel over a range with no rows (DuckDB)', () => {
  let dir: string;
  let rt: Runtime;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-empty-'));
    rt = new Runtime({
      env: { PULSEBOARD_DATA_DIR: dir, PULSEBOARD_PROVISIONING_DIR: path.resolve('provisioning') },
      simulator: false,
      defaultMetrics: false,
      log: () => {},
    });
    await rt.start();
    await backfillDuckDb(rt.datasources.get('duckdb').driver as DuckDbDriver, 1);
  });
  afterAll(async () => {
    await rt.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers frames without errors', async () => {
    for (const d of rt.dashboards.list()) {
      for (const p of rt.dashboards.get(d.uid)!.panels) {
        const res = await rt.query({ dashboardUid: d.uid, panelId: p.id, range: EMPTY_RANGE });
        expect(res.errors, `${d.uid}/${p.id}`).toBeUndefined();
        expect(res.frames.length, `${d.uid}/${p.id}`).toBeGreaterThan(0);
        for (const f of res.frames)
          expect(
            f.fields.every((x) => x.values.length === f.length),
            `${d.uid}/${p.id}`,
          ).toBe(true);
      }
    }
  });
});

describe('Druid: an empty result keeps its typed columns', () => {
  let fx: DruidFixture;
  beforeAll(async () => {
    fx = await startDruidFixture({ port: 0, backfillHours: 1 });
  });
  afterAll(() => fx?.close());

  it('reads the header rows of an empty arrayLines body', async () => {
    const d = new DruidDriver({ url: fx.url, queryTimeoutMs: 5000 });
    const f = await d.query('SELECT __time AS "time", sensor_id, temperature FROM sensor_data WHERE __time < ?', [
      new Date(Date.UTC(2001, 0, 1)),
    ]);
    expect(f.length).toBe(0);
    expect(f.fields.map((x) => [x.name, x.type, x.values])).toEqual([
      ['time', 'time', []],
      ['sensor_id', 'string', []],
      ['temperature', 'number', []],
    ]);
  });
});

const URL_ = process.env.PULSEBOARD_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/pulseboard_test';
const down = await mysqlUnavailable(URL_);
if (down) console.warn(`[empty-result.test] MySQL part SKIPPED: ${down}`);

describe.skipIf(!!down)('MySQL: an empty result keeps its typed columns', () => {
  it('types the columns of a result with no rows', async () => {
    const u = new URL(URL_);
    u.pathname = '/';
    const d = new MySqlDriver({ type: 'mysql', url: u.toString(), queryTimeoutMs: 2000 });
    try {
      const f = await d.query(
        "SELECT CAST('2024-01-01' AS DATETIME) AS time, 'a' AS sensor_id, CAST(1.5 AS DECIMAL(12,2)) AS amount FROM DUAL WHERE 1 = 0",
      );
      expect(f.length).toBe(0);
      expect(f.fields.map((x) => [x.name, x.type, x.values])).toEqual([
        ['time', 'time', []],
        ['sensor_id', 'string', []],
        ['amount', 'number', []],
      ]);
    } finally {
      await d.close();
    }
  });
});
