/**
 * `npm run bench:druid`: what the Druid adapter itself costs, against the fixture server (no real Druid runs here,
 * so engine time is DuckDB's and only the adapter's share is meaningful).
 * 1. Reading a large result: the driver (arrayLines stream, typed columns, exact big integers) against a bare
 *    `fetch` + `JSON.parse` of the same request's lines, same rows.
 * 2. A demo panel through the whole query path (prepare, macros, typed parameters, executor) against the driver
 *    called with the SQL and parameters that path rendered.
 * 3. Ingest to live delta: `Runtime.ingest` (a native batch task, polled to SUCCESS) to the WebSocket-bound
 *    message of a live subscription, with the fixture finishing each task after 100 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDruidFixture } from '../e2e/fixtures/druid/server';
import { DruidDriver } from '../lib/datasources/druid';
import { Runtime } from '../lib/runtime';
import { preparePanelQuery } from '../lib/query/prepare';
import type { LiveServerMessage } from '../lib/query/protocol';
import { pct } from './stats';

const RUNS = Number(process.env.BENCH_RUNS || 15);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function series(fn: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await fn(); // warm
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await time(fn));
  return out;
}

const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms`;

const fx = await startDruidFixture({ port: 0, backfillHours: 24, taskDelayMs: 100 });
const driver = new DruidDriver({ url: fx.url, queryTimeoutMs: 30_000 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-bench-druid-'));
const rt = new Runtime({
  env: {
    DRUID_URL: fx.url,
    PULSEBOARD_DEMO_DATASOURCE: 'druid',
    PULSEBOARD_DATA_DIR: dir,
    PULSEBOARD_PROVISIONING_DIR: path.resolve('provisioning'),
  },
  simulator: false,
  defaultMetrics: false,
  log: () => {},
});

try {
  // 1. A large result.
  const bigSql = 'SELECT __time, sensor_id, temperature, humidity, id FROM sensor_data LIMIT 50000';
  const raw = async () => {
    const res = await fetch(`${fx.url}/druid/v2/sql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: bigSql,
        resultFormat: 'arrayLines',
        header: true,
        typesHeader: true,
        sqlTypesHeader: true,
        context: { sqlTimeZone: 'UTC' },
      }),
    });
    return (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  };
  const rawMs = await series(raw, 8);
  const drvMs = await series(() => driver.query(bigSql), 8);
  console.log(
    `50k rows × 5 columns: raw fetch+JSON.parse ${fmt(rawMs)}; driver ${fmt(drvMs)}; ratio p50 ${(pct(drvMs, 50) / pct(rawMs, 50)).toFixed(2)}`,
  );

  // 2. A demo panel through the query path vs the driver with the same rendered SQL and parameters.
  const req = { dashboardUid: 'sales', panelId: 6, range: { from: 'now-24h', to: 'now' } };
  const prepared = await preparePanelQuery(rt.prepareDeps, req);
  const rendered = prepared.targets[0].render(prepared.range);
  const pathMs = await series(() => rt.query(req));
  const directMs = await series(() => driver.query(rendered.sql, rendered.params ?? []));
  console.log(
    `sales revenue per minute, 24 h: query path ${fmt(pathMs)}; driver ${fmt(directMs)}; ratio p50 ${(pct(pathMs, 50) / pct(directMs, 50)).toFixed(2)}`,
  );

  // 3. Ingest through the task API to the live delta.
  const msgs: LiveServerMessage[] = [];
  const sub = await rt.hub.subscribe(
    { type: 'subscribe', id: 'b', dashboardUid: 'sales', panelId: 5, range: { from: 'now-15m', to: 'now' } },
    (m) => (msgs.push(m), true),
  );
  while (!msgs.some((m) => m.type === 'snapshot')) await new Promise((r) => setTimeout(r, 20));
  const fresh: number[] = [];
  for (let i = 0; i < 10; i++) {
    const seen = msgs.length;
    const t0 = performance.now();
    await rt.ingest('sales', [
      { city: 'Lima', lat: -12, lon: -77, product: 'Ceviche', category: 'Food', quantity: 1, unit_price: 12.9 },
    ]);
    while (!msgs.slice(seen).some((m) => m.type === 'delta')) await new Promise((r) => setTimeout(r, 5));
    fresh.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 300));
  }
  sub.off();
  console.log(
    `ingest → live delta on Druid (fixture finishes a task after 100 ms, store polls every 250 ms): ${fmt(fresh)}`,
  );
} finally {
  await rt.close();
  await fx.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
