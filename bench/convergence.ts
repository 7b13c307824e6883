/**
 * `npm run bench:convergence [-- --quick]`: how long a live panel differs from the database after a write, per
 * engine and kind of write, and what keeping it right costs in engine reads.
 *
 * Per engine (embedded DuckDB; MariaDB, standing in for StarRocks/MySQL, when reachable; Druid on the fixture), an
 * in-process runtime with the real clock and default live settings (tick 1 s, lateness 2 min, reconcile 60 s), the
 * simulator off, and one live subscription to an orders-per-minute panel over the last hour. Writes of one order
 * stamped now, in the last 100 ms of the minute before, 90 s late (inside the lateness) and 200 s late (outside
 * it, past the bucket the lateness horizon falls in), through Pulseboard (ingest, which wakes the tick) and as an external writer (nothing wakes it). Drift: from
 * the write starting to the subscription's frame holding what `/api/query` answers for that minute. Reads: engine
 * reads the channel made per minute while idle (tail: the lateness window; whole: the reconciliation).
 * BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/pulseboard_bench_conv).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { startDruidFixture } from '../e2e/fixtures/druid/server';
import { Runtime } from '../lib/runtime';
import { applyChanges } from '../lib/live/apply-delta';
import { insertDuckDbRows } from '../lib/ingest/duckdb-writer';
import { utcDateTimeText, type SalesRow } from '../lib/ingest/tables';
import type { DuckDbDriver } from '../lib/datasources/duckdb';
import type { MySqlDriver } from '../lib/datasources/mysql';
import type { DataFrame } from '../lib/frames/types';
import type { LiveServerMessage, QueryRequest } from '../lib/query/protocol';
import { log, runBench, sleep, writeResults } from './lib';
import { pct, promSum, round } from './stats';

const quick = process.argv.includes('--quick');
const MYSQL_URL = process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306/pulseboard_bench_conv';
const M = 60_000;
const REQ: QueryRequest = { dashboardUid: 'bench-conv', panelId: 1, range: { from: 'now-1h', to: 'now' } };
const DASHBOARD = {
  uid: 'bench-conv',
  title: 'Convergence bench',
  time: REQ.range,
  panels: [
    {
      id: 1,
      type: 'timeseries',
      title: 'Orders per minute',
      gridPos: { x: 0, y: 0, w: 24, h: 8 },
      datasource: { uid: '${PULSEBOARD_DEMO_DATASOURCE}' },
      targets: [
        {
          refId: 'A',
          rawSql:
            "SELECT $__timeGroupAlias($__timeColumn, '1m', 0), count(*) AS orders FROM sales WHERE $__timeFilter($__timeColumn) AND city = 'Bench' GROUP BY 1 ORDER BY 1",
        },
      ],
    },
  ],
};

type When = 'now' | 'edge' | 'late90s' | 'late200s';
const WHEN: Record<When, (now: number) => number> = {
  now: (now) => now,
  edge: (now) => Math.floor(now / M) * M - 1 - Math.floor(Math.random() * 99),
  late90s: (now) => now - 90_000,
  late200s: (now) => now - 200_000,
};

interface Engine {
  name: string;
  env: Record<string, string>;
  /** Writes that wake nothing, as another program's would; undefined when the engine has none here. */
  external?: (rt: Runtime) => Promise<(rows: SalesRow[]) => Promise<void>>;
  setup?: (rt: Runtime) => Promise<void>;
  cleanup?: () => Promise<void>;
}

/** The value of minute `bucket` in a frame (0 when the frame has no such row). */
function at(frames: DataFrame[], bucket: number): number | undefined {
  const f = frames[0];
  if (!f) return undefined;
  const i = (f.fields[0]?.values as number[]).indexOf(bucket);
  return i < 0 ? undefined : Number(f.fields[1].values[i]);
}

async function measureEngine(engine: Engine, results: Record<string, number>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-conv-'));
  fs.mkdirSync(path.join(dir, 'provisioning', 'dashboards'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'provisioning', 'dashboards', 'bench.json'), JSON.stringify(DASHBOARD));
  const rt = new Runtime({
    env: {
      ...process.env,
      ...engine.env,
      PULSEBOARD_DATA_DIR: path.join(dir, 'data'),
      PULSEBOARD_PROVISIONING_DIR: path.join(dir, 'provisioning'),
    },
    simulator: false,
    defaultMetrics: false,
    log: () => {},
  });
  try {
    await rt.start();
    await engine.setup?.(rt);
    const external = await engine.external?.(rt);
    let frames: DataFrame[] = [];
    const sub = await rt.hub.subscribe({ ...REQ, type: 'subscribe', id: 'bench' }, (m: LiveServerMessage) => {
      if (m.type === 'snapshot') frames = m.frames;
      else if (m.type === 'delta') frames = applyChanges(frames, m.changes);
      return true;
    });
    const samples = quick
      ? { now: 5, edge: 5, late90s: 5, late200s: 2 }
      : { now: 15, edge: 15, late90s: 15, late200s: 4 };
    for (const via of ['pulseboard', 'external'] as const) {
      const write =
        via === 'pulseboard' ? (rows: SalesRow[]) => rt.ingest('sales', rows).then(() => undefined) : external;
      if (!write) continue;
      for (const when of Object.keys(samples) as When[]) {
        const drift: number[] = [];
        for (let n = 0; n < samples[when]; n++) {
          await sleep(200 + Math.random() * 800); // anywhere within the tick
          const t0 = Date.now();
          const ts = WHEN[when](t0);
          const bucket = Math.floor(ts / M) * M;
          await write([{ ts, city: 'Bench', lat: 0, lon: 0, product: 'B', category: 'B', quantity: 1, unit_price: 1 }]);
          const want = at((await rt.query(REQ)).frames, bucket);
          while (at(frames, bucket) !== want) {
            if (Date.now() - t0 > 120_000)
              throw new Error(`${engine.name}: ${when} row never converged (want ${want}, have ${at(frames, bucket)})`);
            await sleep(5);
          }
          drift.push(Date.now() - t0);
        }
        const key = `convergence.${engine.name}.${via}.${when}`;
        results[`${key}.p50Ms`] = round(pct(drift, 50));
        results[`${key}.maxMs`] = round(Math.max(...drift));
        log(
          `${engine.name} ${via} ${when}: drift p50 ${round(pct(drift, 50))} ms, max ${round(Math.max(...drift))} ms (${drift.length} writes)`,
        );
      }
    }
    const windowMs = 60_000; // one reconciliation period: a shorter window may miss it
    const reads = async () => {
      const text = await rt.metrics.registry.metrics();
      return Object.fromEntries(
        ['tail', 'whole'].map((kind) => [kind, promSum(text, 'pulseboard_live_reads_total', { kind })]),
      );
    };
    await sleep(2000);
    const before = await reads();
    await sleep(windowMs);
    const after = await reads();
    for (const kind of ['tail', 'whole']) {
      results[`convergence.${engine.name}.readsPerMin.${kind}`] = round(
        ((after[kind] - before[kind]) * 60_000) / windowMs,
      );
    }
    log(
      `${engine.name} idle reads per minute per channel: ${['tail', 'whole'].map((k) => `${k} ${results[`convergence.${engine.name}.readsPerMin.${k}`]}`).join(', ')}`,
    );
    sub.off();
  } finally {
    await rt.close();
    await engine.cleanup?.();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function mysqlReachable(): Promise<boolean> {
  try {
    const u = new URL(MYSQL_URL);
    const c = await mysql.createConnection({
      host: u.hostname,
      port: Number(u.port || 3306),
      user: u.username,
      connectTimeout: 3000,
    });
    await c.end();
    return true;
  } catch {
    return false;
  }
}

runBench(async () => {
  const results: Record<string, number> = {};
  const t0 = Date.now();
  await measureEngine(
    {
      name: 'duckdb',
      env: { PULSEBOARD_DEMO_DATASOURCE: 'duckdb' },
      external: async (rt) => (rows) =>
        insertDuckDbRows(rt.datasources.get('duckdb').driver as DuckDbDriver, 'sales', rows).then(() => undefined),
    },
    results,
  );
  if (await mysqlReachable()) {
    let writer: mysql.Connection | undefined;
    await measureEngine(
      {
        name: 'mariadb',
        env: { PULSEBOARD_DEMO_DATASOURCE: 'mysql', MYSQL_URL },
        setup: async (rt) => {
          await (rt.datasources.get('mysql').driver as MySqlDriver).ensureDatabase();
          await rt.demo.ensureSchema();
        },
        external: async () => {
          writer = await mysql.createConnection({ uri: MYSQL_URL, timezone: 'Z' });
          const w = writer;
          return async (rows) => {
            await w.query(
              'INSERT INTO sales (ts, city, lat, lon, product, category, quantity, unit_price, amount) VALUES ?',
              [
                rows.map((r) => [
                  utcDateTimeText(r.ts as number),
                  r.city,
                  r.lat,
                  r.lon,
                  r.product,
                  r.category,
                  r.quantity,
                  r.unit_price,
                  r.quantity * r.unit_price,
                ]),
              ],
            );
          };
        },
        cleanup: async () => {
          await writer?.query('DROP DATABASE IF EXISTS pulseboard_bench_conv');
          await writer?.end();
        },
      },
      results,
    );
  } else {
    log(`MariaDB at ${MYSQL_URL} is not reachable: skipped`);
  }
  const fx = await startDruidFixture({ port: 0, backfillHours: 1, taskDelayMs: 100 });
  try {
    await measureEngine(
      { name: 'druid-fixture', env: { PULSEBOARD_DEMO_DATASOURCE: 'druid', DRUID_URL: fx.url } },
      results,
    );
  } finally {
    await fx.close();
  }
  const wallSeconds = Math.round((Date.now() - t0) / 1000);
  console.log(JSON.stringify(results, null, 2));
  writeResults('convergence', results, { quick, wallSeconds });
});
