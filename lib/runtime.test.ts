/**
 * Integration: the real embedded DuckDB, the provisioned dashboards, ingest and the query path end to end
 * (everything `POST /api/query` and `POST /api/ingest` do, minus HTTP).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from './runtime';
import { backfillDuckDb } from './simulator/backfill-duckdb';
import { DuckDbDriver } from './datasources/duckdb';
import type { DataFrame } from './frames/types';

let dir: string;
let rt: Runtime;
const col = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)!;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-it-'));
  rt = new Runtime({
    env: {
      PULSEBOARD_DATA_DIR: dir,
      PULSEBOARD_PROVISIONING_DIR: path.resolve('provisioning'),
      PULSEBOARD_QUERY_TIMEOUT_MS: '2000',
    },
    simulator: false,
    log: () => {},
  });
  await rt.start();
  await backfillDuckDb(rt.datasources.get('duckdb').driver as DuckDbDriver, 2);
});

afterAll(async () => {
  await rt.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('runtime on DuckDB', () => {
  it('provisions the three demo dashboards', () => {
    expect(
      rt.dashboards
        .list()
        .map((d) => d.uid)
        .sort(),
    ).toEqual(['iot-sensors', 'overview', 'sales']);
    expect(rt.dashboards.errors).toEqual([]);
  });

  it('backfills plausible sensor readings for five sensors, one per second', async () => {
    const f = await rt.datasources.get('duckdb').driver.query(
      `SELECT count(DISTINCT sensor_id) AS sensors, min(temperature) AS lo, max(temperature) AS hi,
              min(humidity) AS hlo, max(humidity) AS hhi, count(*) AS n FROM sensor_data`,
    );
    const v = (n: string) => col(f, n).values[0] as number;
    expect(v('sensors')).toBe(5);
    expect(v('lo')).toBeGreaterThan(5);
    expect(v('hi')).toBeLessThan(40);
    expect(v('hlo')).toBeGreaterThanOrEqual(0);
    expect(v('hhi')).toBeLessThanOrEqual(100);
    expect(v('n')).toBeGreaterThan(5 * 7000);
  });

  it('answers every panel of every demo dashboard', async () => {
    for (const d of rt.dashboards.list()) {
      for (const p of rt.dashboards.get(d.uid)!.panels) {
        const res = await rt.query({ dashboardUid: d.uid, panelId: p.id, range: { from: 'now-1h', to: 'now' } });
        expect(res.errors, `${d.uid}/${p.id}`).toBeUndefined();
        expect(res.frames[0].length, `${d.uid}/${p.id} rows`).toBeGreaterThan(0);
      }
    }
  });

  it('returns time as epoch ms and one series per sensor for the temperature panel', async () => {
    const res = await rt.query({ dashboardUid: 'iot-sensors', panelId: 1, range: { from: 'now-30m', to: 'now' } });
    const f = res.frames[0];
    expect(f.fields.map((x) => [x.name, x.type])).toEqual([
      ['time', 'time'],
      ['sensor_id', 'string'],
      ['temperature', 'number'],
    ]);
    const times = col(f, 'time').values as number[];
    expect(times[0]).toBeGreaterThan(Date.now() - 31 * 60_000);
    expect(times.at(-1)).toBeLessThanOrEqual(Date.now());
    expect(new Set(col(f, 'sensor_id').values).size).toBe(5);
  });

  it('applies variables, quoted, and refuses values that are not options', async () => {
    const one = await rt.query({
      dashboardUid: 'iot-sensors',
      panelId: 3,
      range: { from: 'now-1h', to: 'now' },
      vars: { sensor: 'sensor-2' },
    });
    expect(col(one.frames[0], 'sensor_id').values).toEqual(['sensor-2']);
    const two = await rt.query({
      dashboardUid: 'iot-sensors',
      panelId: 3,
      range: { from: 'now-1h', to: 'now' },
      vars: { sensor: ['sensor-1', 'sensor-4'] },
    });
    expect(col(two.frames[0], 'sensor_id').values).toEqual(['sensor-1', 'sensor-4']);
    await expect(
      rt.query({
        dashboardUid: 'iot-sensors',
        panelId: 3,
        range: { from: 'now-1h', to: 'now' },
        vars: { sensor: "x') OR 1=1 --" },
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('changing the range changes what is returned', async () => {
    const short = await rt.query({ dashboardUid: 'sales', panelId: 1, range: { from: 'now-5m', to: 'now' } });
    const long = await rt.query({ dashboardUid: 'sales', panelId: 1, range: { from: 'now-2h', to: 'now' } });
    expect(col(long.frames[0], 'orders').values[0] as number).toBeGreaterThan(
      col(short.frames[0], 'orders').values[0] as number,
    );
  });

  it('gives readable 4xx errors for unknown dashboards, panels and bad ranges', async () => {
    await expect(
      rt.query({ dashboardUid: 'nope', panelId: 1, range: { from: 'now-1h', to: 'now' } }),
    ).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/nope/) });
    await expect(
      rt.query({ dashboardUid: 'sales', panelId: 99, range: { from: 'now-1h', to: 'now' } }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      rt.query({ dashboardUid: 'sales', panelId: 1, range: { from: 'now', to: 'now-1h' } }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      rt.query({ dashboardUid: 'sales', panelId: 1, range: { from: 'banana', to: 'now' } }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('writes a batch all or nothing, and an Idempotency-Key makes a retry a no-op', async () => {
    const count = async () =>
      col(
        await rt.datasources
          .get('duckdb')
          .driver.query("SELECT count(*) AS n FROM sensor_data WHERE sensor_id = 'it-sensor'"),
        'n',
      ).values[0];
    const row = { sensor_id: 'it-sensor', temperature: 20, humidity: 50, ts: Date.now() };
    expect(await rt.ingest('sensor_data', [row, row], 'key-1')).toEqual({
      table: 'sensor_data',
      inserted: 2,
      replayed: false,
    });
    expect(await rt.ingest('sensor_data', [row, row], 'key-1')).toEqual({
      table: 'sensor_data',
      inserted: 2,
      replayed: true,
    });
    expect(await count()).toBe(2);
    // Second row violates NOT NULL in the engine: nothing of the batch lands.
    await expect(
      rt.ingest('sensor_data', [row, { ...row, sensor_id: null as unknown as string }], 'key-2'),
    ).rejects.toThrow();
    expect(await count()).toBe(2);
    expect(await rt.ingest('sensor_data', [row], 'key-2')).toMatchObject({ replayed: false });
  });

  it('cancels a query in the engine when it times out', async () => {
    const driver = rt.datasources.get('duckdb').driver;
    const t0 = Date.now();
    await expect(
      driver.query('SELECT count(*) FROM range(10000000000) a', [], { signal: AbortSignal.timeout(300) }),
    ).rejects.toMatchObject({ status: 504 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await driver.query('SELECT 1 AS ok')).fields[0].values).toEqual([1]);
  });

  it('caps rows and marks the frame truncated', async () => {
    const f = await rt.datasources.get('duckdb').driver.query('SELECT * FROM range(5000)', [], { maxRows: 100 });
    expect(f.length).toBe(100);
    expect(f.truncated).toBe(true);
  });

  it('runs identical concurrent requests once (in-flight dedup)', async () => {
    const before = await queries();
    await Promise.all(
      Array.from({ length: 20 }, () =>
        rt.query({ dashboardUid: 'iot-sensors', panelId: 5, range: { from: 'now-2h', to: 'now' } }),
      ),
    );
    expect((await queries()) - before).toBeLessThanOrEqual(2); // a second boundary may split the batch
  });

  it('reports health per datasource', async () => {
    expect(await rt.datasources.health()).toEqual({ duckdb: 'ok' });
  });
});

async function queries(): Promise<number> {
  const m = await rt.metrics.queries.get();
  return m.values.filter((v) => v.labels.datasource === 'duckdb').reduce((s, v) => s + v.value, 0);
}
