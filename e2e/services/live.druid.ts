/**
 * The seeds' pipeline end to end on the real cluster: orders published to Kafka go through the provisioning
 * supervisors into Druid and reach a live subscription to the Sales dashboard's "Orders per minute" panel on the
 * `druid` datasource, exactly; and however many viewers watch that panel, Druid gets one query per tick, reading
 * the tail of the range. Times are not asserted here: `npm run bench:druid-kafka` measures them.
 */
import type { Counter } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DataFrame } from '@/lib/frames/types';
import type { SalesRow } from '@/lib/ingest/tables';
import { applyChanges } from '@/lib/live/apply-delta';
import type { LiveServerMessage, LiveSubscribe } from '@/lib/query/protocol';
import type { Runtime } from '@/lib/runtime';
import type { TestRuntime } from '@/lib/testing/runtime';
import { eventually } from './eventually';
import { druidRuntime, ensureLocalSupervisors, publish } from './tier';

const missing = inject('servicesMissing');
const MINUTE = 60_000;
const runtimes: TestRuntime[] = [];
/** Cities no other run or test writes, so every count below is exactly this test's rows. */
const RUN = `${Date.now().toString(36)}`;
const CITY = `e2e-live-${RUN}`;
const COST_CITY = `e2e-cost-${RUN}`;

/** A runtime on the real Druid whose live hub ticks every `tickMs`; closed after the tests. */
async function runtime(name: string, tickMs: number): Promise<Runtime> {
  const started = await druidRuntime(`live-${name}`, undefined, { PULSEBOARD_LIVE_TICK_MS: String(tickMs) });
  runtimes.push(started);
  return started.rt;
}

function order(city: string, ts: number, orderId: number): SalesRow {
  return {
    order_id: orderId,
    ts,
    city,
    lat: -12.05,
    lon: -77.04,
    product: 'Ceviche',
    category: 'Food',
    quantity: 1,
    unit_price: 12.5,
  };
}

/** The Sales dashboard's "Orders per minute" (panel 5) over the last 15 minutes for one city. */
const ordersPerMinute = (id: string, city: string): LiveSubscribe => ({
  type: 'subscribe',
  id,
  dashboardUid: 'sales',
  panelId: 5,
  range: { from: 'now-15m', to: 'now' },
  vars: { city },
});

/** Orders per minute bucket with any, from the panel's frame (time, orders). */
function buckets(frames: DataFrame[]): Record<number, number> {
  const [time, orders] = frames[0]?.fields ?? [];
  const out: Record<number, number> = {};
  time?.values.forEach((t, i) => {
    if (Number(orders.values[i]) > 0) out[Number(t)] = Number(orders.values[i]);
  });
  return out;
}

async function counted<L extends string>(counter: Counter<L>, labels: Partial<Record<L, string>>): Promise<number> {
  const { values } = await counter.get();
  const matches = (l: Partial<Record<string, string | number>>) => Object.entries(labels).every(([k, v]) => l[k] === v);
  return values.filter((v) => matches(v.labels)).reduce((sum, v) => sum + v.value, 0);
}

describe.skipIf(missing !== '')('live panels on the real Druid, fed by Kafka', () => {
  beforeAll(async () => {
    await ensureLocalSupervisors();
    // The dashboard's `city` variable lists `SELECT DISTINCT city FROM sales` and refuses any other value: one
    // order per test city an hour back (outside the panels' 15 minutes) makes each city a value to choose.
    const hourAgo = Date.now() - 60 * MINUTE;
    await publish('sales', [order(CITY, hourAgo, 1), order(COST_CITY, hourAgo, 1)]);
    const probe = await runtime('probe', 1000);
    await eventually('the seed orders queryable in Druid', 120_000, async () => {
      const sql = 'SELECT COUNT(*) AS n FROM sales WHERE city IN (?, ?)';
      const frame = await probe.datasources.get('druid').driver.query(sql, [CITY, COST_CITY]);
      return frame.fields[0].values[0] === 2 ? true : undefined;
    });
  }, 180_000);

  afterAll(async () => {
    for (const r of runtimes) await r.close();
  });

  it('delivers orders published to Kafka to a live subscription, each exactly once, in its minute', async () => {
    const rt = await runtime('delivery', 500);
    let frames: DataFrame[] = [];
    const totals: number[] = [];
    const sub = await rt.hub.subscribe(ordersPerMinute('delivery', CITY), (m: LiveServerMessage) => {
      if (m.type === 'snapshot') frames = m.frames;
      else if (m.type === 'delta') frames = applyChanges(frames, m.changes);
      totals.push(Object.values(buckets(frames)).reduce((a, b) => a + b, 0));
      return true;
    });
    try {
      expect(buckets(frames)).toEqual({});
      const now = Date.now();
      const rows = [0, 1, 2, 3, 4].map((i) => order(CITY, now - i * 7_000, 100 + i));
      await publish('sales', rows);
      const expected: Record<number, number> = {};
      for (const r of rows) {
        const minute = Math.floor(Number(r.ts) / MINUTE) * MINUTE;
        expected[minute] = (expected[minute] ?? 0) + 1;
      }
      await expect
        .poll(() => buckets(frames), { timeout: 60_000, interval: 100, message: 'the orders never reached the panel' })
        .toEqual(expected);
      // Never more than published on the way (rows read twice would show here).
      expect(Math.max(...totals)).toBe(rows.length);
    } finally {
      sub.off();
    }
  }, 90_000);

  it('runs one Druid query per tick for a panel, whether one viewer or five watch it, reading only the tail', async () => {
    // Ticks only when the test asks (the timer's period is an hour), so every query is counted against a tick.
    const rt = await runtime('cost', 3_600_000);
    const driver = rt.datasources.get('druid').driver;
    const query = driver.query.bind(driver);
    let panelQueries = 0;
    driver.query = (sql, params, opts) => {
      if (sql.includes('AS orders') && JSON.stringify([sql, params]).includes(COST_CITY)) panelQueries++;
      return query(sql, params, opts);
    };
    const { liveReads, queries } = rt.metrics;
    const ticks = async (n: number) => {
      const before = {
        panel: panelQueries,
        live: await counted(queries, { datasource: 'druid', source: 'live' }),
        tail: await counted(liveReads, { kind: 'tail' }),
        whole: await counted(liveReads, { kind: 'whole' }),
      };
      for (let i = 0; i < n; i++) await rt.hub.tickAll();
      return {
        panel: panelQueries - before.panel,
        live: (await counted(queries, { datasource: 'druid', source: 'live' })) - before.live,
        tail: (await counted(liveReads, { kind: 'tail' })) - before.tail,
        whole: (await counted(liveReads, { kind: 'whole' })) - before.whole,
      };
    };
    const subs = [await rt.hub.subscribe(ordersPerMinute('v0', COST_CITY), () => true)];
    try {
      expect(await ticks(3)).toEqual({ panel: 3, live: 3, tail: 3, whole: 0 });
      for (let i = 1; i < 5; i++) subs.push(await rt.hub.subscribe(ordersPerMinute(`v${i}`, COST_CITY), () => true));
      expect(rt.hub.stats()).toEqual({ channels: 1, subscriptions: 5 });
      expect(await ticks(3)).toEqual({ panel: 3, live: 3, tail: 3, whole: 0 });
    } finally {
      for (const s of subs) s.off();
    }
  });
});
