/**
 * Dashboards in the metadata store through the HTTP API, on the server that requires a login (port LOCKED_PORT):
 * create, save, a stale save refused with 412 as Grafana does, versions with author and message, restore,
 * delete, provisioned dashboards read-only, Grafana's `POST /api/dashboards/db`, and who may do which.
 */
import { expect, test } from '@playwright/test';
import { addSessionCookie, ask, createToken, LOCKED, unique, viewerAndTwoEditors } from './accounts/client';

const panel = (title: string) => ({
  id: 1,
  type: 'stat',
  title,
  gridPos: { x: 0, y: 0, w: 8, h: 4 },
  targets: [{ refId: 'A', rawSql: 'SELECT COUNT(*) AS orders FROM sales WHERE $__timeFilter($__timeColumn)' }],
});
const dashboard = (uid: string, title: string, extra: Record<string, unknown> = {}) => ({
  uid,
  title,
  panels: [panel(`${title} orders`)],
  ...extra,
});

test.describe.configure({ mode: 'serial' });

let viewer: string;
let alice: string;
let bob: string;
let aliceLogin: string;
let bobLogin: string;

test.beforeAll(async () => {
  ({ viewer, alice, bob, aliceLogin, bobLogin } = await viewerAndTwoEditors());
});

test('an editor creates and saves; a stale save gets 412; versions keep author and message; restore adds one', async () => {
  const uid = unique('ops').slice(0, 40);
  // A viewer may read but never save.
  const refused = await ask('/api/dashboards', {
    method: 'POST',
    cookie: viewer,
    body: { dashboard: dashboard(uid, 'Ops') },
  });
  expect(refused.status).toBe(403);

  const created = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: dashboard(uid, 'Ops'), message: 'first cut' },
  });
  expect(created.status, created.body).toBe(201);
  expect(created.json).toMatchObject({ uid, version: 1, url: `/d/${uid}`, status: 'success' });
  const again = await ask('/api/dashboards', { method: 'POST', cookie: bob, body: { dashboard: dashboard(uid, 'X') } });
  expect(again.status).toBe(409);

  const read = await ask(`/api/dashboards/${uid}`, { cookie: viewer });
  expect(read.json).toMatchObject({
    uid,
    title: 'Ops',
    version: 1,
    meta: { provisioned: false, createdBy: aliceLogin },
  });
  const list = await ask('/api/dashboards', { cookie: viewer });
  expect((list.json!.dashboards as Array<{ uid: string }>).find((d) => d.uid === uid)).toMatchObject({
    version: 1,
    provisioned: false,
  });

  // Both editors opened version 1; Bob saves first, Alice's save is then stale.
  const bobSave = await ask(`/api/dashboards/${uid}`, {
    method: 'PUT',
    cookie: bob,
    body: { dashboard: dashboard(uid, 'Ops (Bob)'), version: 1, message: 'renamed' },
  });
  expect(bobSave.json).toMatchObject({ uid, version: 2 });
  const stale = await ask(`/api/dashboards/${uid}`, {
    method: 'PUT',
    cookie: alice,
    body: { dashboard: dashboard(uid, 'Ops (Alice)'), version: 1 },
  });
  expect(stale.status).toBe(412);
  expect(stale.json).toMatchObject({ status: 'version-mismatch', current: { version: 2, updatedBy: bobLogin } });
  expect(stale.json!.message).toMatch(/version 2, saved by/);
  // She confirms the overwrite.
  const overwrite = await ask(`/api/dashboards/${uid}`, {
    method: 'PUT',
    cookie: alice,
    body: { dashboard: dashboard(uid, 'Ops (Alice)'), overwrite: true, message: 'mine wins' },
  });
  expect(overwrite.json).toMatchObject({ version: 3 });
  const viewerSave = await ask(`/api/dashboards/${uid}`, {
    method: 'PUT',
    cookie: viewer,
    body: { dashboard: dashboard(uid, 'V'), version: 3 },
  });
  expect(viewerSave.status).toBe(403);

  const versions = await ask(`/api/dashboards/${uid}/versions`, { cookie: viewer });
  expect(
    (versions.json!.versions as Array<{ version: number; author: string; message: string }>).map((v) => [
      v.version,
      v.author,
      v.message,
    ]),
  ).toEqual([
    [3, aliceLogin, 'mine wins'],
    [2, bobLogin, 'renamed'],
    [1, aliceLogin, 'first cut'],
  ]);
  const v1 = await ask(`/api/dashboards/${uid}/versions/1`, { cookie: viewer });
  expect(v1.json).toMatchObject({ version: 1, author: aliceLogin, dashboard: { title: 'Ops' } });
  expect((await ask(`/api/dashboards/${uid}/versions/99`, { cookie: viewer })).status).toBe(404);
  expect((await ask(`/api/dashboards/${uid}/versions/1/restore`, { method: 'POST', cookie: viewer })).status).toBe(403);
  const restored = await ask(`/api/dashboards/${uid}/versions/1/restore`, { method: 'POST', cookie: bob, body: {} });
  expect(restored.json).toMatchObject({ uid, version: 4 });
  expect((await ask(`/api/dashboards/${uid}`, { cookie: viewer })).json).toMatchObject({ title: 'Ops', version: 4 });

  // Delete: editors only; then it is gone, versions too.
  expect((await ask(`/api/dashboards/${uid}`, { method: 'DELETE', cookie: viewer })).status).toBe(403);
  expect((await ask(`/api/dashboards/${uid}`, { method: 'DELETE', cookie: alice })).status).toBe(200);
  expect((await ask(`/api/dashboards/${uid}`, { cookie: viewer })).status).toBe(404);
  expect((await ask(`/api/dashboards/${uid}/versions`, { cookie: viewer })).status).toBe(404);
});

test('a saved dashboard renders for a viewer, with its panels querying live data', async ({ browser }) => {
  const uid = unique('saved').slice(0, 40);
  const res = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: dashboard(uid, 'Saved') },
  });
  expect(res.status, res.body).toBe(201);
  const context = await browser.newContext({ baseURL: LOCKED });
  await addSessionCookie(context, viewer);
  const page = await context.newPage();
  await page.goto(`/d/${uid}`);
  await expect(page.getByRole('heading', { name: 'Saved', exact: true, level: 1 })).toBeVisible();
  await expect(page.locator('[data-panel-id="1"]')).toHaveAttribute('data-state', 'ready');
  await context.close();
});

test('provisioned dashboards are read-only through the API, with a message that says what to do', async () => {
  const read = await ask('/api/dashboards/sales', { cookie: alice });
  expect(read.json).toMatchObject({ uid: 'sales', meta: { provisioned: true, provisionedFile: 'sales.json' } });
  const save = await ask('/api/dashboards/sales', {
    method: 'PUT',
    cookie: alice,
    body: { dashboard: { ...(read.json as object), title: 'Mine' }, version: read.json!.version },
  });
  expect(save.status).toBe(400);
  expect(save.json!.error).toMatch(/provisioned from sales\.json: change the file, or save a copy/);
  expect((await ask('/api/dashboards/sales', { method: 'DELETE', cookie: alice })).status).toBe(400);
  expect((await ask('/api/dashboards/sales/versions/1/restore', { method: 'POST', cookie: alice })).status).toBe(400);
  expect((await ask('/api/dashboards/sales', { cookie: alice })).json).toMatchObject({ title: 'Sales' });
});

test("Grafana's POST /api/dashboards/db works for scripts with an API token", async () => {
  const token = (await createToken('editor')).secret;
  const uid = unique('graf').slice(0, 40);
  const first = await ask('/api/dashboards/db', {
    method: 'POST',
    bearer: token,
    body: { dashboard: dashboard(uid, 'G'), overwrite: false, message: 'from a script', folderUid: '' },
  });
  expect(first.status, first.body).toBe(200);
  expect(first.json).toMatchObject({ uid, version: 1, url: `/d/${uid}`, status: 'success', slug: 'g' });
  const next = await ask('/api/dashboards/db', {
    method: 'POST',
    bearer: token,
    body: { dashboard: { ...dashboard(uid, 'G2'), version: 1 } },
  });
  expect(next.json).toMatchObject({ version: 2 });
  const stale = await ask('/api/dashboards/db', {
    method: 'POST',
    bearer: token,
    body: { dashboard: { ...dashboard(uid, 'G3'), version: 1 } },
  });
  expect(stale.status).toBe(412);
  expect(stale.json).toMatchObject({ status: 'version-mismatch' });
  const forced = await ask('/api/dashboards/db', {
    method: 'POST',
    bearer: token,
    body: { dashboard: dashboard(uid, 'G4'), overwrite: true },
  });
  expect(forced.json).toMatchObject({ version: 3 });
  const viewerToken = (await createToken('viewer')).secret;
  expect(
    (await ask('/api/dashboards/db', { method: 'POST', bearer: viewerToken, body: { dashboard: dashboard(uid, 'V') } }))
      .status,
  ).toBe(403);
});

test('bad documents get a 400 naming the bad path', async () => {
  const bad = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: { title: 'x', panels: [{ id: 'one' }] } },
  });
  expect(bad.status).toBe(400);
  expect(bad.json!.error).toMatch(/Invalid dashboard at panels\.0/);
  const noVersion = await ask('/api/dashboards/sales', { method: 'PUT', cookie: alice, body: { dashboard: {} } });
  expect(noVersion.status).toBe(400);
  expect(noVersion.json!.error).toMatch(/version is required/);
  const wrongUid = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: dashboard('a b', 'x') },
  });
  expect(wrongUid.status).toBe(400);
  expect((await ask('/api/health')).status).toBe(200);
});

test('editors run their own SQL for the panel editor; viewers never can', async () => {
  const body = {
    range: { from: 'now-1h', to: 'now' },
    queries: [
      {
        refId: 'A',
        rawSql:
          'SELECT $__timeGroupAlias(ts, 1m), COUNT(*) AS n FROM sales WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1',
      },
    ],
  };
  expect((await ask('/api/ds/query', { method: 'POST', cookie: viewer, body })).status).toBe(403);
  expect((await ask('/api/ds/query', { method: 'POST', body })).status).toBe(401);
  const res = await ask('/api/ds/query', { method: 'POST', cookie: alice, body });
  expect(res.status, res.body).toBe(200);
  const json = res.json as unknown as {
    frames: Array<{ length: number }>;
    queries: Array<{ sql: string }>;
    ms: number;
  };
  expect(json.frames[0].length).toBeGreaterThan(0);
  expect(json.queries[0].sql).toMatch(/^SELECT time_bucket/);
  const write = await ask('/api/ds/query', {
    method: 'POST',
    cookie: alice,
    body: { ...body, queries: [{ refId: 'A', rawSql: 'DELETE FROM sales' }] },
  });
  expect(write.status).toBe(400);
  expect(write.json!.error).toMatch(/read-only|SELECT/i);
});
