/**
 * Every panel of the three demo dashboards through Pulseboard's `druid` datasource on the real Druid, beside the
 * same panels on the fixture loaded with the same rows: both must answer, and answer the same. A difference is a
 * fixture (or adapter) bug to fix, so the fast tier stays faithful.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Runtime } from '@/lib/runtime';
import type { DataFrame } from '@/lib/frames/types';
import type { QueryResponse } from '@/lib/query/protocol';
import { startDruidFixture, type DruidFixture } from '../fixtures/druid/server';
import { DRUID_URL } from './druid/cluster';
import { WINDOW, windowKey, windowRows } from './demo-window';
import { eventually } from './eventually';
import { KAFKA_BOOTSTRAP } from './kafka/broker';
import { ensureSupervisors } from '@/lib/cli/druid-supervisors';
import { DruidClient } from '@/lib/datasources/druid-client';
import { kafkaWriter } from '@/lib/simulator/kafka';

const missing = inject('servicesMissing');

function runtimeOn(url: string, dir: string): Runtime {
  return new Runtime({
    env: {
      DRUID_URL: url,
      PULSEBOARD_DEMO_DATASOURCE: 'druid',
      PULSEBOARD_DATA_DIR: dir,
      PULSEBOARD_PROVISIONING_DIR: path.resolve('provisioning'),
    },
    simulator: false,
    defaultMetrics: false,
    log: () => {},
  });
}

/** A frame as comparable rows: column `name type`, then each row, numbers rounded to 9 significant digits. */
function comparable(frame: DataFrame): { columns: string[]; rows: unknown[][] } {
  const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v);
  return {
    columns: frame.fields.map((f) => `${f.name} ${f.type}`),
    rows: Array.from({ length: frame.length }, (_, i) => frame.fields.map((f) => round(f.values[i]))),
  };
}

/** Rows of `table` in `WINDOW` on the runtime's `druid` datasource. */
async function windowCount(rt: Runtime, table: string): Promise<unknown> {
  const frame = await rt.datasources
    .get('druid')
    .driver.query(`SELECT COUNT(*) AS n FROM ${table} WHERE __time >= ? AND __time < ?`, [
      new Date(WINDOW.from),
      new Date(WINDOW.to),
    ]);
  return frame.fields[0].values[0];
}

describe.skipIf(missing !== '')('the demo dashboards on a real Druid', () => {
  let real: Runtime;
  let fake: Runtime;
  let fx: DruidFixture;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-real-druid-'));
    fx = await startDruidFixture({ port: 0, backfillHours: 0, taskDelayMs: 10 });
    fs.mkdirSync(path.join(dir, 'real'));
    fs.mkdirSync(path.join(dir, 'fake'));
    real = runtimeOn(DRUID_URL, path.join(dir, 'real'));
    fake = runtimeOn(fx.url, path.join(dir, 'fake'));
    const rows = windowRows();
    for (const table of ['sensor_data', 'sales'] as const) {
      const key = windowKey(table);
      await fake.demo.insert(table, rows[table], key);
      await real.demo.insert(table, rows[table], key);
    }
    // Kafka-fed rows of now, served by the indexer's real-time tasks beside the Historical's segments: Druid 33 fails
    // some queries only when two servers answer (a join ordered by a non-time column: ClassCastException in the
    // Broker's merge), which the demo panels must not hit.
    const supervisors = await ensureSupervisors({
      client: new DruidClient({ url: DRUID_URL }),
      dir: path.resolve('provisioning/druid'),
      kafka: KAFKA_BOOTSTRAP,
    });
    expect(supervisors.filter((o) => o.action === 'failed')).toEqual([]);
    const kafka = kafkaWriter([KAFKA_BOOTSTRAP]);
    const since = new Date(Date.now() - 1000);
    try {
      await kafka.write('sensor_data', [{ sensor_id: 'sensor-1', temperature: 21, humidity: 40, ts: Date.now() }]);
    } finally {
      await kafka.close();
    }
    const fresh = async () =>
      (
        await real.datasources
          .get('druid')
          .driver.query('SELECT COUNT(*) AS n FROM sensor_data WHERE __time >= ?', [since])
      ).fields[0].values[0];
    await eventually('a Kafka-fed sensor reading queryable', 120_000, async () => ((await fresh()) ? true : undefined));
    // The tasks end once Historicals serve the segments; a datasource new to the Broker is known to SQL at its
    // next metadata refresh (PT2S here), until then "Object 'sales' not found".
    for (const table of ['sensor_data', 'sales'] as const) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const n = await windowCount(real, table).catch((err: Error) => err);
        if (n === rows[table].length) break;
        if (Date.now() > deadline)
          throw new Error(`${table}: ${String(n)} rows in the window, not ${rows[table].length}`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }, 300_000);

  afterAll(async () => {
    await real?.close();
    await fake?.close();
    await fx?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('replays a batch whose Idempotency-Key Druid has seen: the same task, no second copy of the rows', async () => {
    const count = () => windowCount(real, 'sales');
    const before = await count();
    expect(before).toBe(windowRows().sales.length);
    const again = await real.demo.insert('sales', windowRows().sales, windowKey('sales'));
    expect(again).toMatchObject({ replayed: true });
    expect(await count()).toBe(before);
  });

  for (const uid of ['overview', 'sales', 'iot-sensors']) {
    it(`${uid}: every panel answers on the real Druid as on the fixture`, async () => {
      const dash = real.dashboards.get(uid)!;
      const panels = dash.panels.filter((p) => p.targets?.length);
      expect(panels.length).toBeGreaterThan(3);
      for (const p of panels) {
        const ask = (rt: Runtime): Promise<QueryResponse> =>
          rt.query({ dashboardUid: uid, panelId: p.id, range: { ...WINDOW }, maxDataPoints: 500 });
        const [onReal, onFake] = await Promise.all([ask(real), ask(fake)]);
        const label = `${uid} panel ${p.id} "${p.title}"`;
        expect(onReal.errors, `${label} on the real Druid`).toBeUndefined();
        expect(onFake.errors, `${label} on the fixture`).toBeUndefined();
        expect(onReal.frames[0].length, `${label} returns rows`).toBeGreaterThan(0);
        expect(onReal.frames.map(comparable), label).toEqual(onFake.frames.map(comparable));
      }
    });
  }

  it('filters by a variable the same way (one city, one sensor)', async () => {
    const cases: [string, Record<string, string | string[]>][] = [
      ['sales', { city: ['Lima', 'São Paulo'] }],
      ['iot-sensors', { sensor: 'sensor-3' }],
    ];
    for (const [uid, vars] of cases) {
      for (const p of real.dashboards.get(uid)!.panels) {
        const ask = (rt: Runtime) => rt.query({ dashboardUid: uid, panelId: p.id, range: { ...WINDOW }, vars });
        const [onReal, onFake] = await Promise.all([ask(real), ask(fake)]);
        expect(onReal.errors, `${uid} panel ${p.id}`).toBeUndefined();
        expect(onReal.frames.map(comparable), `${uid} panel ${p.id}`).toEqual(onFake.frames.map(comparable));
      }
    }
  });
});
