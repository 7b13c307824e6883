/**
 * Every panel of the three demo dashboards through Pulseboard's `druid` datasource on the real Druid, beside the
 * same panels on the fixture loaded with the same rows: both must answer, and answer the same. A difference is a
 * fixture (or adapter) bug to fix, so the fast tier stays faithful.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Runtime } from '@/lib/runtime';
import type { QueryResponse } from '@/lib/query/protocol';
import type { TestRuntime } from '@/lib/testing/runtime';
import { startDruidFixture, type DruidFixture } from '../fixtures/druid/server';
import { WINDOW, windowKey, windowRows } from './demo-window';
import { eventually } from './eventually';
import { comparable, druidRuntime, ensureLocalSupervisors, publish } from './tier';

const missing = inject('servicesMissing');

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
  let realRt: TestRuntime;
  let fakeRt: TestRuntime;
  let real: Runtime;
  let fake: Runtime;
  let fx: DruidFixture;

  beforeAll(async () => {
    fx = await startDruidFixture({ port: 0, backfillHours: 0, taskDelayMs: 10 });
    realRt = await druidRuntime('real-druid');
    fakeRt = await druidRuntime('fixture-druid', fx.url);
    real = realRt.rt;
    fake = fakeRt.rt;
    const rows = windowRows();
    for (const table of ['sensor_data', 'sales'] as const) {
      await fake.demo.insert(table, rows[table], windowKey(table));
      await real.demo.insert(table, rows[table], windowKey(table));
    }
    // Kafka-fed rows of now, served by the indexer's real-time tasks beside the Historical's segments: Druid 33 fails
    // some queries only when two servers answer (a join ordered by a non-time column: ClassCastException in the
    // Broker's merge), which the demo panels must not hit.
    await ensureLocalSupervisors();
    const since = new Date(Date.now() - 1000);
    await publish('sensor_data', [{ sensor_id: 'sensor-1', temperature: 21, humidity: 40, ts: Date.now() }]);
    const driver = real.datasources.get('druid').driver;
    await eventually('a Kafka-fed sensor reading queryable', 120_000, async () => {
      const frame = await driver.query('SELECT COUNT(*) AS n FROM sensor_data WHERE __time >= ?', [since]);
      return frame.fields[0].values[0] ? true : undefined;
    });
    // The tasks end once Historicals serve the segments; a datasource new to the Broker is known to SQL at its
    // next metadata refresh (PT2S here), until then "Object 'sales' not found".
    for (const table of ['sensor_data', 'sales'] as const) {
      await eventually(`${table}: the window's ${rows[table].length} rows`, 30_000, async () =>
        (await windowCount(real, table)) === rows[table].length ? true : undefined,
      );
    }
  }, 300_000);

  afterAll(async () => {
    await realRt?.close();
    await fakeRt?.close();
    await fx?.close();
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
