/**
 * Browser figures, in Debian's Chromium:
 *  - draw100k: the app's time series panel (bench/browser/draw-entry.tsx, bundled here with esbuild) drawing one
 *    100,000-point series, render to ECharts' `finished`;
 *  - dashboardReady: navigation start to every iot-sensors panel showing data (`data-state="ready"`);
 *  - size: gzipped JavaScript Chromium loads for `/d/iot-sensors` and for an embed of its temperature chart.
 */
import { build } from 'esbuild';
import type { Browser, Page } from '@playwright/test';
import { issueEmbedToken } from '../../lib/embed/token';
import { routeJsGzipKb } from '../lib';
import { pct, round } from '../stats';
import type { BenchContext } from './context';

async function drawBundle(): Promise<string> {
  const out = await build({
    entryPoints: ['bench/browser/draw-entry.tsx'],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

async function draw100k(ctx: BenchContext, browser: Browser): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.setContent('<!doctype html><div id="root" style="width:1200px;height:400px"></div>');
  await page.addScriptTag({ content: await drawBundle() });
  const times: number[] = [];
  for (let i = 0; i < (ctx.quick ? 4 : 8); i++) {
    times.push(
      await page.evaluate(
        (n) => (window as unknown as { drawSeries(n: number): Promise<number> }).drawSeries(n),
        100_000,
      ),
    );
  }
  await page.close();
  ctx.results['browser.draw100kFirstMs'] = Math.round(times[0]);
  ctx.results['browser.draw100kMs'] = Math.round(pct(times.slice(1), 50));
}

/** Resolves with the page's `performance.now()` at the first animation frame where every panel shows data. */
async function panelsReady(page: Page, count: number): Promise<number> {
  const handle = await page.waitForFunction(
    (n) => {
      const panels = [...document.querySelectorAll<HTMLElement>('[data-panel-id]')];
      const ready = panels.length === n && panels.every((p) => p.dataset.state === 'ready');
      return ready ? performance.now() : 0;
    },
    count,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await handle.jsonValue()) as number;
}

async function dashboardReady(ctx: BenchContext, browser: Browser): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < (ctx.quick ? 3 : 11); i++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${ctx.base}/d/iot-sensors`);
    const ms = await panelsReady(page, 5);
    if (i) times.push(ms); // the first load warms the server
    await page.close();
  }
  ctx.results['browser.dashboardReadyMs'] = Math.round(pct(times, 50));
  ctx.results['browser.dashboardReadyP95Ms'] = Math.round(pct(times, 95));
}

async function routeSizes(ctx: BenchContext, browser: Browser, embedSecret: string): Promise<void> {
  const { token } = await issueEmbedToken(embedSecret, {
    dashboardUid: 'iot-sensors',
    panelIds: [1],
    ttlSeconds: 3600,
  });
  const routes = [
    ['size.dashboardGzKB', `${ctx.base}/d/iot-sensors`, 5],
    ['size.embedGzKB', `${ctx.base}/embed/iot-sensors/1?token=${token}`, 1],
  ] as const;
  for (const [key, url, panels] of routes)
    ctx.results[key] = round(await routeJsGzipKb(browser, url, (p) => panelsReady(p, panels)));
}

export async function browserFigures(ctx: BenchContext, browser: Browser, embedSecret: string): Promise<void> {
  await draw100k(ctx, browser);
  await dashboardReady(ctx, browser);
  await routeSizes(ctx, browser, embedSecret);
}
