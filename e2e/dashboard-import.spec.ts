/**
 * Grafana import and export through the HTTP API, on the server that requires a login (LOCKED): `__inputs` that
 * need a datasource are named (400 `inputs-required`), a preview saves nothing, an import saves a version whose
 * panels answer `/api/query`, a taken uid is 412 unless `overwrite`, panels that cannot be converted are listed and
 * kept as text placeholders, viewers cannot import, and any dashboard downloads as JSON. In the browser, text
 * panels render their Markdown and never query.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { addSessionCookie, ask, LOCKED, unique, viewerAndTwoEditors } from './accounts/client';

const FIXTURES = path.join(process.cwd(), 'lib/dashboards/grafana-fixtures');
/** A fixture under a uid of this run (a retry reuses the server). */
function fixture(name: string, uid: string): Record<string, unknown> {
  return { ...JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')), uid };
}

test.describe.configure({ mode: 'serial' });

let viewer: string;
let alice: string;
let bob: string;
let aliceLogin: string;
const sensorsUid = unique('g-sensors').slice(0, 40);
const shopUid = unique('g-shop').slice(0, 40);
const mixedUid = unique('g-mixed').slice(0, 40);

test.beforeAll(async () => {
  ({ viewer, alice, bob, aliceLogin } = await viewerAndTwoEditors());
});

async function queryPanel(uid: string, panelId: number, cookie: string) {
  return ask('/api/query', {
    method: 'POST',
    cookie,
    body: { dashboardUid: uid, panelId, range: { from: 'now-1h', to: 'now' } },
  });
}

test('missing inputs are named; viewers cannot import; a preview saves nothing', async () => {
  const dashboard = fixture('inputs-variables', sensorsUid);
  const missing = await ask('/api/dashboards/import', { method: 'POST', cookie: alice, body: { dashboard } });
  expect(missing.status, missing.body).toBe(400);
  expect(missing.json).toMatchObject({
    status: 'inputs-required',
    inputs: [{ name: 'DS_SENSORS', label: 'Sensors', pluginId: 'mysql', type: 'datasource' }],
    datasources: expect.arrayContaining([expect.objectContaining({ uid: 'duckdb' })]),
  });
  expect(missing.json!.error).toMatch(/DS_SENSORS \(Sensors\)/);

  for (const route of ['/api/dashboards/import', '/api/dashboards/import/preview']) {
    const refused = await ask(route, { method: 'POST', cookie: viewer, body: { dashboard } });
    expect(refused.status, route).toBe(403);
  }
  const badInput = await ask('/api/dashboards/import', {
    method: 'POST',
    cookie: alice,
    body: { dashboard, inputs: { DS_SENSORS: 'no-such-datasource' } },
  });
  expect(badInput.status).toBe(400);
  expect(badInput.json!.error).toMatch(/inputs\.DS_SENSORS: "no-such-datasource" is not a datasource here/);

  const preview = await ask('/api/dashboards/import/preview', {
    method: 'POST',
    cookie: alice,
    body: { dashboard, inputs: { DS_SENSORS: 'duckdb' } },
  });
  expect(preview.status, preview.body).toBe(200);
  expect(preview.json).toMatchObject({
    dashboard: { uid: sensorsUid, title: 'Sensors with variables (Grafana 7.5)' },
    unconverted: [],
    inputs: [{ name: 'DS_SENSORS', label: 'Sensors', pluginId: 'mysql', type: 'datasource' }],
    constants: [{ name: 'VAR_SENSOR_TABLE', type: 'constant', value: 'sensor_data' }],
    missingInputs: [],
    exists: false,
  });
  expect((await ask(`/api/dashboards/${sensorsUid}`, { cookie: viewer })).status).toBe(404);
});

test('an import saves a version whose panels answer /api/query; a taken uid is 412 unless overwrite', async () => {
  const dashboard = fixture('inputs-variables', sensorsUid);
  // Grafana's own list form of inputs works too.
  const inputs = [{ name: 'DS_SENSORS', type: 'datasource', pluginId: 'mysql', value: 'duckdb' }];
  const imported = await ask('/api/dashboards/import', { method: 'POST', cookie: alice, body: { dashboard, inputs } });
  expect(imported.status, imported.body).toBe(200);
  expect(imported.json).toMatchObject({
    uid: sensorsUid,
    version: 1,
    url: `/d/${sensorsUid}`,
    title: 'Sensors with variables (Grafana 7.5)',
    status: 'success',
    unconverted: [],
    warnings: expect.arrayContaining([expect.stringMatching(/Constant \$sensor_table/)]),
  });
  const saved = await ask(`/api/dashboards/${sensorsUid}`, { cookie: viewer });
  expect(saved.json).toMatchObject({ version: 1, meta: { createdBy: aliceLogin } });
  const panels = (saved.json!.panels as Array<{ id: number; type: string }>).filter(
    (p) => p.type !== 'text' && p.type !== 'row',
  );
  expect(panels).toHaveLength(4);
  for (const p of panels) {
    const res = await queryPanel(sensorsUid, p.id, viewer);
    expect(res.status, res.body).toBe(200);
    const body = res.json as { frames: Array<{ length: number }>; errors?: unknown };
    expect(body.errors, `panel ${p.id}: ${res.body.slice(0, 300)}`).toBeUndefined();
    expect(
      body.frames.reduce((n, f) => n + f.length, 0),
      `panel ${p.id}`,
    ).toBeGreaterThan(0);
  }

  const again = await ask('/api/dashboards/import', { method: 'POST', cookie: bob, body: { dashboard, inputs } });
  expect(again.status).toBe(412);
  expect(again.json).toMatchObject({ status: 'name-exists', uid: sensorsUid });
  const over = await ask('/api/dashboards/import', {
    method: 'POST',
    cookie: bob,
    body: { dashboard, inputs, overwrite: true, message: 'reimported' },
  });
  expect(over.json).toMatchObject({ uid: sensorsUid, version: 2 });
  const versions = await ask(`/api/dashboards/${sensorsUid}/versions`, { cookie: viewer });
  expect((versions.json!.versions as Array<{ message: string }>).map((v) => v.message)).toEqual([
    'reimported',
    'Imported from Grafana',
  ]);
});

test('panels that cannot be converted are listed and kept as placeholders, which never query', async () => {
  const res = await ask('/api/dashboards/import', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: fixture('unconvertible', mixedUid) },
  });
  expect(res.status, res.body).toBe(200);
  const unconverted = res.json!.unconverted as Array<{ panelId: number; title: string; type: string; reason: string }>;
  expect(unconverted.map((u) => [u.title, u.type])).toEqual([
    ['HTTP requests (Prometheus)', 'graph'],
    ['Orders on a map', 'grafana-worldmap-panel'],
    ['Company KPIs', 'library panel'],
    ['Random walk', 'timeseries'],
    ['Empty stat', 'stat'],
    ['Heatmap', 'heatmap'],
  ]);
  const placeholder = await queryPanel(mixedUid, unconverted[0].panelId, viewer);
  expect(placeholder.status).toBe(400);
  expect(placeholder.json!.error).toMatch(/text panels have no query/);
});

test('any dashboard downloads as JSON', async () => {
  const res = await ask(`/api/dashboards/${sensorsUid}/export`, { cookie: viewer });
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${sensorsUid}.json"`);
  expect(JSON.parse(res.body)).toMatchObject({ uid: sensorsUid, version: 2, templating: { list: expect.any(Array) } });
  expect((await ask('/api/dashboards/no-such-uid/export', { cookie: viewer })).status).toBe(404);
});

test('text panels render Markdown (HTML mode as text) and send no query', async ({ browser }) => {
  const shop = await ask('/api/dashboards/import', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: fixture('v39-panels', shopUid) },
  });
  expect(shop.status, shop.body).toBe(200);
  const context = await browser.newContext();
  await addSessionCookie(context, viewer);
  const page = await context.newPage();
  const queried = new Set<number>();
  page.on('request', (r) => {
    if (r.url().endsWith('/api/query')) queried.add((r.postDataJSON() as { panelId: number }).panelId);
  });
  await page.goto(`${LOCKED}/d/${shopUid}?refresh=`);
  // The notes sit in Grafana's collapsed "Details" row: imported folded, unfolded with a click.
  const details = page.getByRole('button', { name: /^Details/ });
  await expect(details).toHaveAttribute('aria-expanded', 'false');
  await expect(page.locator('[data-panel-type="text"]', { hasText: 'About this dashboard' })).toHaveCount(0);
  await details.click();
  await expect(details).toHaveAttribute('aria-expanded', 'true');
  const notes = page.locator('[data-panel-type="text"]', { hasText: 'About this dashboard' });
  await expect(notes.getByRole('heading', { name: 'About this dashboard' })).toBeVisible();
  await expect(notes.getByRole('link', { name: 'the docs' })).toHaveAttribute('target', '_blank');
  await expect(notes.getByRole('cell', { name: 'sales' })).toBeVisible();
  await expect(page.locator('[data-panel-type="pie"][data-state="ready"]')).toBeVisible();
  expect(queried.has(7)).toBe(false);

  await page.goto(`${LOCKED}/d/${mixedUid}?refresh=`);
  const runbook = page.locator('[data-panel-type="text"]', { hasText: 'Runbook' });
  await expect(runbook.locator('[data-text-mode="html"]')).toContainText("<script>alert('x')</script>");
  await expect(runbook.locator('h3')).toHaveCount(0);
  await expect(page.locator('[data-panel-id="1"]')).toContainText('Not converted from Grafana');
  await context.close();
});

test('an editor imports a Grafana export in the browser: maps its datasource, sees what did not convert, opens it', async ({
  browser,
}) => {
  const uid = unique('g-ui').slice(0, 40);
  const context = await browser.newContext();
  await addSessionCookie(context, alice);
  const page = await context.newPage();
  await page.goto(`${LOCKED}/`);
  await page.getByTestId('import-dashboard').click();
  await expect(page.getByRole('heading', { name: 'Import dashboard' })).toBeVisible();

  // A broken paste is refused here, before the server sees it.
  await page.getByTestId('import-json').fill('{"title": ');
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('import-error')).toContainText('Not valid JSON');

  await page.getByTestId('import-json').fill(JSON.stringify(fixture('inputs-variables', uid)));
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(page.getByTestId('import-title')).toHaveText('Sensors with variables (Grafana 7.5)');
  const inputs = page.getByTestId('import-inputs');
  await expect(inputs).toBeVisible();
  await inputs.getByRole('combobox').first().selectOption('duckdb');
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-done')).toContainText('as version 1');
  await page.getByRole('link', { name: 'Open the dashboard' }).click();
  await expect(page).toHaveURL(new RegExp(`/d/${uid}`));
  const panels = page.locator('[data-panel-id]:not([data-panel-type="text"])');
  await expect(panels).toHaveCount(4);
  for (const panel of await panels.all()) await expect(panel).toHaveAttribute('data-state', 'ready');

  // The export with unconvertible panels: listed by title and type before importing.
  await page.goto(`${LOCKED}/dashboard/import`);
  await page.getByTestId('import-json').fill(JSON.stringify(fixture('unconvertible', unique('g-ui-x').slice(0, 40))));
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const listed = page.getByTestId('import-unconverted');
  await expect(listed).toContainText('could not be converted');
  await expect(listed.locator('li').first()).toContainText(/\(\w[\w -]*\): /);
  await context.close();
});
