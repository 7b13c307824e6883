/** Shared by the bench scripts: the server in its own process, percentiles, Chromium, results files. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';

export const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

/** The production server (`lib/server/main.ts`) on 127.0.0.1:`port`, resolved once `/api/health` answers 200. */
export async function startServer(port: number, env: Record<string, string | undefined>): Promise<ChildProcess> {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` first');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'lib/server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', process.env.BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit'],
  });
  await waitHealthy(`http://127.0.0.1:${port}`);
  return proc;
}

export async function waitHealthy(base: string, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!(await fetch(`${base}/api/health`).then((r) => r.ok, () => false))) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${base} did not become healthy`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export function writeResults(name: string, results: Record<string, unknown>): void {
  fs.mkdirSync('bench/results', { recursive: true });
  fs.writeFileSync(`bench/results/${name}.json`, `${JSON.stringify({ at: new Date().toISOString(), results }, null, 2)}\n`);
  console.table(results);
}

/** Run `fn` against a production server on a throwaway data dir, then stop it and clean up. */
export async function withServer<T>(port: number, env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-bench-'));
  const proc = await startServer(port, { ...env, PULSEBOARD_DATA_DIR: dataDir });
  try {
    return await fn();
  } finally {
    proc.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Entry point of a bench script: exit 0 when done, print and exit 1 on failure. */
export function runBench(main: () => Promise<void>): void {
  main().then(() => process.exit(0), (err) => {
    console.error(err);
    process.exit(1);
  });
}
