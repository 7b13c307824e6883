/**
 * Tail refresh: the cost of one live tick (`LiveChannel.tick()`: tail query, diff, merge, publish) for ranges of
 * 5 min, 24 h and 7 d, measured in this process on the server's own runtime (`lib/runtime.ts`: DuckDB, executor,
 * simulator writing every second) over a fresh data dir with 7 days of backfill. Ticks run a few hundred ms after
 * each simulator write, as a write-woken tick does, one channel at a time so they do not queue behind each other.
 *  - panel: the temperature panel (`$__timeGroup` buckets: re-reads only the newest bucket);
 *  - dashboard: all five iot-sensors panels at once; gauge, stat and table panels aggregate their whole range.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Runtime } from '../../lib/runtime';
import { LiveChannel } from '../../lib/live/channel';
import { preparePanelQuery } from '../../lib/query/prepare';
import { panelRequest, sleep } from '../lib';
import { pct, ratio, round } from '../stats';
import type { Results } from '../report';

const RANGES = { '5m': 'now-5m', '24h': 'now-24h', '7d': 'now-7d' } as const;
type RangeName = keyof typeof RANGES;

const CHANNEL_OPTIONS = {
  tickMs: 3_600_000,
  minGapMs: 100,
  historySize: 10,
  now: Date.now,
  onEmpty: () => {},
  onMessage: () => {},
};

async function openChannels(rt: Runtime, from: string): Promise<LiveChannel[]> {
  const dashboard = rt.dashboards.get('iot-sensors')!;
  const now = Date.now();
  return Promise.all(
    dashboard.panels.map(async (panel) => {
      const prepared = await preparePanelQuery(
        rt.prepareDeps,
        panelRequest(dashboard.uid, panel, { from, to: 'now' }),
        now,
      );
      const ch = new LiveChannel(prepared, rt.executor, CHANNEL_OPTIONS);
      await ch.add('bench', () => true); // one subscriber, so publishing does its work
      return ch;
    }),
  );
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function tail(quick: boolean, results: Results): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-bench-tail-'));
  const rt = new Runtime({
    env: {
      ...process.env,
      PULSEBOARD_DATA_DIR: dataDir,
      PULSEBOARD_DEMO_DATASOURCE: 'duckdb',
      PULSEBOARD_SIMULATOR: 'on',
      PULSEBOARD_BACKFILL_HOURS: '168',
    },
    defaultMetrics: false,
    log: () => {},
  });
  try {
    await rt.start();
    const names = Object.keys(RANGES) as RangeName[];
    const channels = new Map<RangeName, LiveChannel[]>();
    for (const name of names) channels.set(name, await openChannels(rt, RANGES[name]));
    const panel = new Map<RangeName, number[]>(names.map((n) => [n, []]));
    const dashboard = new Map<RangeName, number[]>(names.map((n) => [n, []]));
    const samples = quick ? 6 : 30;
    for (let i = 0; i < samples + 2; i++) {
      await sleep(1300 - (Date.now() % 1000)); // 300 ms after the simulator's whole-second write
      for (const name of names) {
        const chs = channels.get(name)!;
        const p = await timed(() => chs[0].tick());
        const d = await timed(() => Promise.all(chs.map((c) => c.tick())));
        if (i >= 2) {
          panel.get(name)!.push(p);
          dashboard.get(name)!.push(d);
        } // two ticks to warm up
      }
    }
    for (const chs of channels.values()) chs.forEach((c) => c.stop());
    for (const [kind, samplesByRange] of [
      ['panel', panel],
      ['dashboard', dashboard],
    ] as const) {
      for (const name of names) results[`tail.${kind}.range${name}Ms`] = round(pct(samplesByRange.get(name)!, 50), 2);
    }
    results['tail.ratio24h'] = ratio(pct(panel.get('24h')!, 50), pct(panel.get('5m')!, 50));
    results['tail.ratio7d'] = ratio(pct(panel.get('7d')!, 50), pct(panel.get('5m')!, 50));
    results['tail.dashboard.ratio24h'] = ratio(pct(dashboard.get('24h')!, 50), pct(dashboard.get('5m')!, 50));
    results['tail.dashboard.ratio7d'] = ratio(pct(dashboard.get('7d')!, 50), pct(dashboard.get('5m')!, 50));
  } finally {
    await rt.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
