/**
 * Edit-mode figures, in Debian's Chromium, signed in as the bench's admin:
 *  - size.editModeGzKB: gzipped JavaScript that entering edit mode adds to the dashboard page (the grid, dialogs,
 *    settings; viewers never download it); size.panelEditorGzKB: what opening the panel editor adds to that
 *    (CodeMirror, completion, the options pane); size.editorGzKB: both;
 *  - editor.runToPreview: Ctrl+Enter in the SQL editor to the preview panel showing the new result (the answer of
 *    `POST /api/ds/query` drawn), p50 and p95 over runs that each ask for a different number of rows.
 */
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { BENCH_ADMIN_PASSWORD } from '../lib';
import { pct } from '../stats';
import type { BenchContext } from './context';

const gzKb = (files: Iterable<string>) =>
  Number(
    (
      [...files].reduce(
        (sum, p) =>
          sum + gzipSync(fs.readFileSync(path.join('.next', 'static', p.slice('/_next/static/'.length)))).length,
        0,
      ) / 1024
    ).toFixed(1),
  );

export async function editorFigures(ctx: BenchContext, browser: Browser): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const login = await context.request.post(`${ctx.base}/api/login`, {
    data: { login: 'admin', password: BENCH_ADMIN_PASSWORD },
    headers: { origin: ctx.base },
  });
  if (!login.ok()) throw new Error(`admin login failed: HTTP ${login.status()}`);
  const page = await context.newPage();
  const view = new Set<string>();
  const edit = new Set<string>();
  const panelEditor = new Set<string>();
  let phase = view;
  page.on('response', (res) => {
    const p = new URL(res.url()).pathname;
    if (p.startsWith('/_next/static/') && p.endsWith('.js') && !view.has(p) && !edit.has(p)) phase.add(p);
  });
  await page.goto(`${ctx.base}/d/iot-sensors`);
  await page.waitForFunction(() => document.querySelectorAll('[data-panel-id][data-state="ready"]').length === 5);
  await page.waitForLoadState('networkidle');
  phase = edit;
  await page.getByTestId('edit-dashboard').click();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="edit-grid"] [data-state="ready"]').length === 5,
  );
  await page.waitForLoadState('networkidle');
  phase = panelEditor;
  await page.getByTestId('edit-panel-open').first().click();
  const content = page.getByTestId('sql-editor-A').locator('.cm-content');
  await content.waitFor();
  await page.waitForLoadState('networkidle');
  ctx.results['size.editModeGzKB'] = gzKb(edit);
  ctx.results['size.panelEditorGzKB'] = gzKb(panelEditor);
  ctx.results['size.editorGzKB'] = gzKb([...edit, ...panelEditor]);

  await page.evaluate(() =>
    document.addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey))
          (window as unknown as { __runAt: number }).__runAt = performance.now();
      },
      true,
    ),
  );
  const times: number[] = [];
  for (let i = 0; i < (ctx.quick ? 6 : 21); i++) {
    const rows = 50 + i;
    await content.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(`SELECT range AS n FROM range(${rows})`);
    await page.keyboard.press('Escape');
    await content.press('Control+Enter');
    const handle = await page.waitForFunction(
      (n) => {
        const panel = document.querySelector<HTMLElement>('[data-testid="panel-preview"] [data-panel-id]');
        const runAt = (window as unknown as { __runAt?: number }).__runAt;
        return panel?.dataset.rows === String(n) && runAt !== undefined ? performance.now() - runAt : 0;
      },
      rows,
      { polling: 'raf', timeout: 30_000 },
    );
    const ms = (await handle.jsonValue()) as number;
    if (i) times.push(ms); // the first run warms the route
  }
  ctx.results['editor.runToPreviewP50Ms'] = Math.round(pct(times, 50));
  ctx.results['editor.runToPreviewP95Ms'] = Math.round(pct(times, 95));
  await context.close();
}
