/** Shared by the bench scripts: the server and load generators in their own processes, Chromium, results files. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import type { QueryRequest } from '../lib/query/protocol';
import type { ParentCommand, ChildReply } from './load/child';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const log = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** The bootstrap credential every bench server accepts (`PULSEBOARD_ADMIN_TOKEN`): ingest needs an editor. */
export const BENCH_TOKEN = 'bench-admin-token';
export const BENCH_AUTH = { Authorization: `Bearer ${BENCH_TOKEN}` };
/** The first admin's password on bench servers (`PULSEBOARD_ADMIN_PASSWORD`), for timing requests with a session. */
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password';

/** The production server (`lib/server/main.ts`) on 127.0.0.1:`port`, resolved once `/api/health` answers 200. */
export async function startServer(port: number, env: Record<string, string | undefined>): Promise<ChildProcess> {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` first');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'lib/server/main.ts'], {
    env: {
      PULSEBOARD_ADMIN_TOKEN: BENCH_TOKEN,
      PULSEBOARD_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit'],
  });
  const exited = new Promise<never>((_, reject) =>
    proc.once('exit', (code, signal) => {
      if (!stopping.has(proc)) log(`server on port ${port} exited unexpectedly (${signal ?? `code ${code}`})`);
      reject(new Error(`server exited with ${signal ?? code}`));
    }),
  );
  exited.catch(() => undefined);
  await Promise.race([waitHealthy(`http://127.0.0.1:${port}`), exited]);
  return proc;
}

const stopping = new WeakSet<ChildProcess>();

/** SIGTERM, then SIGKILL if the server has not exited after 10 s. */
export async function stopServer(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  stopping.add(proc);
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function waitHealthy(base: string, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (
    !(await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${base} did not become healthy`);
    await sleep(50);
  }
}

/** Run `fn` against a production server on a throwaway data dir, then stop it and clean up. */
export async function withServer<T>(
  port: number,
  env: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-bench-'));
  const proc = await startServer(port, { ...env, PULSEBOARD_DATA_DIR: dataDir });
  try {
    return await fn();
  } finally {
    await stopServer(proc);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface PanelInfo {
  id: number;
  gridPos: { w: number };
  maxDataPoints?: number;
}

/**
 * The `/api/query` body the dashboard page sends for a panel: `maxDataPoints` as `defaultMaxDataPoints` in
 * components/dashboard/dashboard-panel.tsx (one point per pixel of the panel's width on a 1600 px screen).
 */
export function panelRequest(uid: string, p: PanelInfo, range: { from: string; to: string }): QueryRequest {
  return {
    dashboardUid: uid,
    panelId: p.id,
    range,
    vars: {},
    maxDataPoints: p.maxDataPoints ?? Math.max(100, Math.round((p.gridPos.w / 24) * 1600)),
  };
}

/** `panelRequest` for every panel of a dashboard, as the server lists them. */
export async function dashboardRequests(
  base: string,
  uid: string,
  range: { from: string; to: string },
): Promise<QueryRequest[]> {
  const { panels } = (await (await fetch(`${base}/api/dashboards/${uid}`)).json()) as { panels: PanelInfo[] };
  return panels.map((p) => panelRequest(uid, p, range));
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Gzipped size (KB) of every script under `/_next/static/` that Chromium loads for `url`, with an empty cache,
 * until `ready` resolves and the network is idle: what a first visit downloads (lazy chunks in, the `noModule`
 * polyfills that modern browsers skip out).
 */
export async function routeJsGzipKb(
  browser: Browser,
  url: string,
  ready: (page: Page) => Promise<unknown>,
): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('response', (res) => {
    const p = new URL(res.url()).pathname;
    if (p.startsWith('/_next/static/') && p.endsWith('.js')) scripts.add(p);
  });
  await page.goto(url);
  await ready(page);
  await page.waitForLoadState('networkidle');
  await context.close();
  const bytes = [...scripts].reduce(
    (sum, p) => sum + gzipSync(fs.readFileSync(path.join('.next', 'static', p.slice('/_next/static/'.length)))).length,
    0,
  );
  return Number((bytes / 1024).toFixed(1));
}

export function writeResults(
  name: string,
  results: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): void {
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(
    `bench/results/${name}.json`,
    `${JSON.stringify({ at: new Date().toISOString(), ...extra, results }, null, 2)}\n`,
  );
}

/** Entry point of a bench script: exit 0 when done, print and exit 1 on failure. */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** A load generator (`bench/load/*.ts`) in its own process, driven over IPC (see `./load/child.ts`). */
export class LoadProcess<Report> {
  private constructor(private readonly proc: ChildProcess) {}

  static async start<Report>(script: string, config: unknown): Promise<LoadProcess<Report>> {
    const proc = fork(script, [JSON.stringify(config)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const lp = new LoadProcess<Report>(proc);
    await lp.reply('ready');
    return lp;
  }

  get pid(): number {
    return this.proc.pid!;
  }

  private reply(expect: ChildReply['type'], send?: ParentCommand): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code}`));
      const onMessage = (m: ChildReply) => {
        if (m.type !== expect) return;
        this.proc.off('message', onMessage);
        this.proc.off('exit', onExit);
        resolve(m);
      };
      this.proc.on('message', onMessage);
      this.proc.once('exit', onExit);
      if (send) this.proc.send(send);
    });
  }

  /** Start of the measurement window: the generator forgets what it counted so far. */
  async mark(): Promise<void> {
    await this.reply('marked', { type: 'mark' });
  }

  /** What the generator counted since `mark()`. */
  async report(): Promise<Report> {
    return ((await this.reply('report', { type: 'report' })) as { report: Report }).report;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null) return;
    const exited = new Promise((r) => this.proc.once('exit', r));
    this.proc.send({ type: 'stop' } satisfies ParentCommand);
    await exited;
  }
}
