/**
 * `npm run bench [-- --quick]`: what makes Pulseboard worth choosing, measured on a production build with the
 * embedded DuckDB. The server and the load generators run in their own processes.
 *   1. cold start, then fan-out: clients polling every 5 s, then live WebSocket viewers (bench/scenarios/fanout.ts)
 *   2. /api/query against the raw driver, cold and warm, and in-flight dedup   (overhead.ts, simulator off from here)
 *   3. ingest → WebSocket message and → pixel in Chromium                       (freshness.ts)
 *   4. 100k-point draw, dashboard ready, gzipped JS per route                   (browser.ts)
 *      edit mode's added JS, panel editor Run → preview drawn                     (editor.ts)
 *   5. one live tick at 5 min, 24 h and 7 d, in process                         (tail.ts)
 *   6. autocomplete schema of 1,000 tables, cold and warm                       (schema.ts)
 * Prints the figures and the targets, writes bench/results/latest.json. `--quick` shortens every window (< 3 min).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { dashboardRequests, launchChromium, log, runBench, startServer, stopServer, writeResults } from './lib';
import { checkTargets, formatReport, type Results } from './report';
import type { BenchContext } from './scenarios/context';
import { fanoutRatios, liveFanout, pollFanout } from './scenarios/fanout';
import { overhead } from './scenarios/overhead';
import { freshness } from './scenarios/freshness';
import { browserFigures } from './scenarios/browser';
import { tail } from './scenarios/tail';
import { editorFigures } from './scenarios/editor';
import { schemaAutocomplete } from './scenarios/schema';

const quick = process.argv.includes('--quick');
const PORT = Number(process.env.BENCH_PORT || 3400);
const BASE = `http://127.0.0.1:${PORT}`;
const EMBED_SECRET = 'bench-embed-secret-0123456789abcdef';
const ENV = { PULSEBOARD_DEMO_DATASOURCE: 'duckdb', PULSEBOARD_EMBED_SECRET: EMBED_SECRET };

const results: Results = {};
const failures: string[] = [];

/** Run one scenario; a failure is reported and the others still run (its figures are missing, its targets fail). */
async function scenario(name: string, fn: () => Promise<void>): Promise<void> {
  log(name);
  try {
    await fn();
  } catch (err) {
    log(
      `${name} failed: ${(err as Error).stack}${(err as Error).cause ? `\ncause: ${String((err as Error).cause)}` : ''}`,
    );
    failures.push(`${name}: ${(err as Error).message}`);
  }
}

/** Server start on an empty data dir (24 h backfill, simulator on) to healthy and to the first live delta. */
async function coldStart(dataDir: string): Promise<ChildProcess> {
  const t0 = performance.now();
  const server = await startServer(PORT, { ...ENV, PULSEBOARD_DATA_DIR: dataDir });
  results['coldStart.healthyMs'] = Math.round(performance.now() - t0);
  const [req] = await dashboardRequests(BASE, 'iot-sensors', { from: 'now-1h', to: 'now' });
  const ws = new WebSocket(`ws://127.0.0.1:${PORT}/api/live`);
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', id: 'cold', ...req })));
    ws.on('message', (d) => (JSON.parse(String(d)).type === 'delta' ? resolve() : undefined));
    ws.on('error', reject);
  });
  results['coldStart.firstLiveUpdateMs'] = Math.round(performance.now() - t0);
  ws.close();
  return server;
}

/** A server started by `start`, handed to `fn` as a scenario context, always stopped afterwards. */
async function withServer(start: () => Promise<ChildProcess>, fn: (ctx: BenchContext) => Promise<void>): Promise<void> {
  const server = await start();
  try {
    await fn({ base: BASE, serverPid: server.pid!, quick, results });
  } finally {
    await stopServer(server);
  }
}

/** Cold start, then polling clients; live viewers on a fresh server (the polls' backlog would weigh on them). */
async function fanoutPhase(dataDir: string): Promise<void> {
  await withServer(
    () => coldStart(dataDir),
    (ctx) => scenario('fan-out: polling', () => pollFanout(ctx)),
  );
  await withServer(
    () => startServer(PORT, { ...ENV, PULSEBOARD_DATA_DIR: dataDir }),
    (ctx) => scenario('fan-out: live', () => liveFanout(ctx)),
  );
  fanoutRatios(results);
}

/** With the simulator off: query overhead (which leaves its last server running), then freshness and browser. */
async function quietPhase(dataDir: string): Promise<void> {
  let server: ChildProcess | undefined;
  await scenario('query overhead', async () => {
    server = await overhead({ port: PORT, dataDir, env: ENV }, quick, results);
  });
  if (!server) return;
  await withServer(
    async () => server!,
    async (ctx) => {
      const browser = await launchChromium();
      await scenario('freshness', () => freshness(ctx, browser));
      await scenario('browser', () => browserFigures(ctx, browser, EMBED_SECRET));
      await scenario('editor', () => editorFigures(ctx, browser));
      await browser.close();
    },
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-bench-'));
  try {
    await fanoutPhase(dataDir);
    await quietPhase(dataDir);
    await scenario('tail refresh', () => tail(quick, results));
    await scenario('schema autocomplete', () => schemaAutocomplete(PORT, quick, results));
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const wallSeconds = Math.round((performance.now() - started) / 1000);
  const targets = checkTargets(results);
  console.log(`\n${formatReport(results, targets)}\n\n${quick ? 'quick' : 'full'} run, ${wallSeconds} s`);
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
  writeResults('latest', results, { quick, wallSeconds, machine, targets, failures });
  if (failures.length) throw new Error(`scenarios failed:\n${failures.join('\n')}`);
}

runBench(main);
