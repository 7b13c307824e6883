/**
 * `npm run bench`: figures from a production build on the embedded engine, the server in its own process.
 *   cold start → first live update; /api/query p50/p95 for the 24 h temperature panel; engine queries per
 *   second with 1 and 50 WebSocket subscribers to every panel of iot-sensors.
 * Writes bench/results/latest.json. `--quick` shortens the sampling windows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { pct, waitHealthy, writeResults } from './lib';

const quick = process.argv.includes('--quick');
const PORT = Number(process.env.BENCH_PORT || 3400);
const BASE = `http://127.0.0.1:${PORT}`;
const results: Record<string, number> = {};

function startServer(dataDir: string): { proc: ChildProcess; t0: number } {
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', 'lib/server/main.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1', PULSEBOARD_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  proc.stdout!.on('data', (d) => process.env.BENCH_VERBOSE && process.stdout.write(d));
  return { proc, t0 };
}

function subscribeAll(panelIds: number[], onMessage?: (m: { type: string }) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${PORT}/api/live`);
    ws.on('open', () => {
      for (const id of panelIds) ws.send(JSON.stringify({ type: 'subscribe', id: `p${id}`, dashboardUid: 'iot-sensors', panelId: id, range: { from: 'now-1h', to: 'now' } }));
      resolve(ws);
    });
    ws.on('message', (d) => onMessage?.(JSON.parse(d.toString())));
    ws.on('error', reject);
  });
}

async function liveQueries(): Promise<number> {
  const text = await (await fetch(`${BASE}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('pulseboard_datasource_queries_total{') && l.includes('source="live"'))
    .reduce((s, l) => s + Number(l.split(' ').at(-1)), 0);
}


async function main(): Promise<void> {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` first');
  // Started by hand (not startServer) to time the cold start from spawn.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-bench-'));
  const { proc, t0 } = startServer(dataDir);
  try {
    await waitHealthy(BASE);
    results.cold_start_healthy_ms = Math.round(performance.now() - t0);
    const panels = ((await (await fetch(`${BASE}/api/dashboards/iot-sensors`)).json()) as { panels: { id: number }[] }).panels.map((p) => p.id);
    let firstDelta = 0;
    const ws = await subscribeAll([1], (m) => { if (m.type === 'delta' && !firstDelta) firstDelta = performance.now(); });
    while (!firstDelta) await new Promise((r) => setTimeout(r, 10));
    results.cold_start_first_live_update_ms = Math.round(firstDelta - t0);
    ws.close();

    const body = JSON.stringify({ dashboardUid: 'iot-sensors', panelId: 1, range: { from: 'now-24h', to: 'now' } });
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      const s = performance.now();
      const res = await fetch(`${BASE}/api/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.json();
      if (i > 0) times.push(performance.now() - s); // the first run warms caches
      await new Promise((r) => setTimeout(r, 1100)); // a new second each time: no in-flight sharing
    }
    results.query_24h_temperature_p50_ms = Number(pct(times, 50).toFixed(1));
    results.query_24h_temperature_p95_ms = Number(pct(times, 95).toFixed(1));

    const windowS = quick ? 10 : 30;
    for (const n of [1, 50]) {
      const sockets = await Promise.all(Array.from({ length: n }, () => subscribeAll(panels)));
      await new Promise((r) => setTimeout(r, 3000));
      const q0 = await liveQueries();
      await new Promise((r) => setTimeout(r, windowS * 1000));
      results[`live_engine_queries_per_s_${n}_clients`] = Number((((await liveQueries()) - q0) / windowS).toFixed(2));
      sockets.forEach((s) => s.close());
      await new Promise((r) => setTimeout(r, 1000));
    }
  } finally {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  writeResults('latest', { ...results, quick: quick ? 1 : 0 });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
