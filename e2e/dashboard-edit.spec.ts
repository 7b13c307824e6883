/**
 * Edit mode on the server that requires a login (LOCKED): an editor resizes a panel, renames the dashboard and
 * saves with a message; a viewer gets no Edit button; a stale save shows the conflict dialog and Overwrite works;
 * a version is restored from the list; the provisioned `sales` dashboard is saved as a copy.
 */
import { expect, test, type Page } from '@playwright/test';
import { addSessionCookie, ask, LOCKED, openAs as open, unique, viewerAndTwoEditors } from './accounts/client';

const target = { refId: 'A', rawSql: 'SELECT COUNT(*) AS orders FROM sales WHERE $__timeFilter($__timeColumn)' };
const dashboard = (uid: string, title: string) => ({
  uid,
  title,
  panels: [
    { id: 1, type: 'stat', title: 'Orders', gridPos: { x: 0, y: 0, w: 8, h: 4 }, targets: [target] },
    { id: 2, type: 'stat', title: 'Revenue', gridPos: { x: 8, y: 0, w: 8, h: 4 }, targets: [target] },
  ],
});

test.describe.configure({ mode: 'serial' });

let viewer: string;
let alice: string;
let bob: string;
let bobLogin: string;
const uid = unique('edit').slice(0, 40);

async function get(path: string, cookie: string) {
  const res = await ask(path, { cookie });
  expect(res.status, res.body).toBe(200);
  return res.json as Record<string, unknown>;
}

async function startEditing(page: Page) {
  await page.getByTestId('edit-dashboard').click();
  await expect(page.getByTestId('edit-grid')).toBeVisible();
}

async function setTitle(page: Page, title: string) {
  await page.getByRole('button', { name: 'Settings' }).click();
  const drawer = page.getByTestId('settings-drawer');
  await drawer.getByLabel('Title').fill(title);
  await drawer.getByRole('button', { name: 'Close settings' }).click();
}

test.beforeAll(async () => {
  ({ viewer, alice, bob, bobLogin } = await viewerAndTwoEditors());
  const created = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: dashboard(uid, 'Edit me'), message: 'first' },
  });
  expect(created.status, created.body).toBe(201);
});

test('an editor resizes a panel, renames the dashboard and saves with a message', async ({ browser }) => {
  const page = await open(browser, alice, `/d/${uid}`);
  await startEditing(page);
  const item = page.getByTestId('edit-panel-1');
  await expect(item.getByTestId('edit-panel-pos')).toHaveText('stat · 8×4 at (0, 0)');
  // Resize with the mouse: the south-east handle, 4 columns right and 3 rows down.
  await item.hover();
  const handle = item.locator('.react-resizable-handle');
  const box = (await handle.boundingBox())!;
  const grid = (await page.getByTestId('edit-grid').boundingBox())!;
  const col = (grid.width + 8) / 24;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + col * 2, box.y + box.height / 2 + 40, { steps: 5 });
  await page.mouse.move(box.x + box.width / 2 + col * 4, box.y + box.height / 2 + 3 * 38, { steps: 5 });
  await page.mouse.up();
  await expect(item.getByTestId('edit-panel-pos')).not.toHaveText('stat · 8×4 at (0, 0)');
  await expect(page.getByTestId('edit-version')).toContainText('unsaved changes');

  await setTitle(page, 'Edited title');
  await page.getByRole('button', { name: 'Save…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save dashboard' });
  await dialog.getByLabel('Message (optional)').fill('bigger orders panel');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-version')).toHaveText('Saved as version 2.');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edited title');

  const saved = await get(`/api/dashboards/${uid}`, alice);
  expect(saved.version).toBe(2);
  expect(saved.title).toBe('Edited title');
  const pos = (saved.panels as { id: number; gridPos: { w: number; h: number } }[]).find((p) => p.id === 1)!.gridPos;
  expect(pos.w).toBeGreaterThan(8);
  expect(pos.h).toBeGreaterThan(4);
  const versions = (await get(`/api/dashboards/${uid}/versions`, alice)).versions as { message: string }[];
  expect(versions[0]).toMatchObject({ version: 2, message: 'bigger orders panel' });
  await page.context().close();
});

test('a viewer sees no Edit button', async ({ browser }) => {
  const context = await browser.newContext();
  await addSessionCookie(context, viewer);
  const page = await context.newPage();
  const whoami = page.waitForResponse((r) => r.url().endsWith('/api/user'));
  await page.goto(`${LOCKED}/d/${uid}`);
  await whoami;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edited title');
  await page.waitForTimeout(300);
  await expect(page.getByTestId('edit-dashboard')).toHaveCount(0);
  await context.close();
});

test('leaving edit mode asks only when something changed; the keyboard moves and resizes', async ({ browser }) => {
  const page = await open(browser, alice, `/d/${uid}`);
  await startEditing(page);
  await page.getByRole('button', { name: 'Exit edit mode' }).click();
  await expect(page.getByTestId('discard-dialog')).toHaveCount(0);
  await expect(page.getByTestId('edit-dashboard')).toBeVisible();

  await startEditing(page);
  const item = page.getByTestId('edit-panel-2');
  const before = await item.getByTestId('edit-panel-pos').textContent();
  await item.getByTestId('edit-panel-grip').focus();
  await page.keyboard.press('Shift+ArrowDown');
  await expect(item.getByTestId('edit-panel-pos')).not.toHaveText(before!);
  await expect(item.getByTestId('edit-panel-grip')).toBeFocused();
  await expect(page.getByTestId('edit-version')).toContainText('unsaved changes');
  await page.getByRole('button', { name: 'Exit edit mode' }).click();
  const discard = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
  await expect(discard).toBeVisible();
  await discard.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByTestId('edit-grid')).toBeVisible();

  // The JSON model names the bad path and leaves the document as it was.
  await page.getByRole('button', { name: 'JSON model' }).click();
  const model = page.getByTestId('json-model');
  const json = JSON.parse(await model.inputValue()) as { panels: { gridPos: { w: number } }[] };
  json.panels[0].gridPos.w = 0;
  await model.fill(JSON.stringify(json));
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('json-error')).toContainText('panels[0].gridPos.w');
  await page.getByRole('button', { name: 'Layout' }).click();
  await expect(page.getByTestId('edit-grid')).toBeVisible();

  // Closing the tab asks too (beforeunload).
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.type());
      void d.accept();
    }),
  );
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
  expect((await get(`/api/dashboards/${uid}`, alice)).version).toBe(2);
  await page.context().close();
});

test('a stale save shows who saved which version; Overwrite after confirming saves over it', async ({ browser }) => {
  const a = await open(browser, alice, `/d/${uid}`);
  const b = await open(browser, bob, `/d/${uid}`);
  await startEditing(a);
  await startEditing(b);

  await setTitle(b, 'Bob was here');
  await b.getByRole('button', { name: 'Save…' }).click();
  await b.getByRole('dialog', { name: 'Save dashboard' }).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(b.getByTestId('saved-version')).toHaveText('Saved as version 3.');

  await setTitle(a, 'Alice wins');
  await a.getByRole('button', { name: 'Save…' }).click();
  await a.getByRole('dialog', { name: 'Save dashboard' }).getByRole('button', { name: 'Save', exact: true }).click();
  const conflict = a.getByTestId('conflict-dialog');
  await expect(conflict).toContainText(`${bobLogin} saved version 3 after you opened version 2`);
  await expect(conflict.getByRole('button', { name: 'Reload' })).toBeVisible();
  await expect(conflict.getByRole('button', { name: 'Save as copy' })).toBeVisible();
  await conflict.getByRole('button', { name: 'Overwrite…' }).click();
  await a.getByTestId('overwrite-dialog').getByRole('button', { name: 'Overwrite' }).click();
  await expect(a.getByTestId('saved-version')).toHaveText('Saved as version 4.');

  const saved = await get(`/api/dashboards/${uid}`, alice);
  expect(saved).toMatchObject({ version: 4, title: 'Alice wins' });
  await a.context().close();
  await b.context().close();
});

test('restore version 1 from the versions list', async ({ browser }) => {
  const page = await open(browser, alice, `/d/${uid}`);
  await startEditing(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const versions = page.getByTestId('versions');
  await expect(versions.getByTestId('version-1')).toContainText('first');
  await versions.getByRole('button', { name: 'Restore version 1' }).click();
  await page.getByTestId('restore-dialog').getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit me');
  const saved = await get(`/api/dashboards/${uid}`, alice);
  expect(saved).toMatchObject({ version: 5, title: 'Edit me' });
  await page.context().close();
});

test('the provisioned sales dashboard offers Save as copy, which creates a new dashboard', async ({ browser }) => {
  const page = await open(browser, alice, '/d/sales');
  const button = page.getByTestId('edit-dashboard');
  await expect(button).toHaveText('Save as copy…');
  await button.click();
  await expect(page.getByTestId('provisioned-note')).toContainText('read-only here');
  await page.getByRole('button', { name: 'Save as copy…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as copy' });
  await dialog.getByRole('button', { name: 'Save copy' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/d/') && url.pathname !== '/d/sales');
  const copyUid = new URL(page.url()).pathname.slice(3);
  const copy = await get(`/api/dashboards/${copyUid}`, alice);
  expect(copy.title).toMatch(/ \(copy\)$/);
  expect((copy.meta as { provisioned: boolean }).provisioned).toBe(false);
  await page.context().close();
});

test('delete a dashboard from Settings, after confirming', async ({ browser }) => {
  const doomed = unique('doomed').slice(0, 40);
  const created = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: dashboard(doomed, 'Doomed') },
  });
  expect(created.status, created.body).toBe(201);
  const page = await open(browser, alice, `/d/${doomed}`);
  await startEditing(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Delete dashboard…' }).click();
  await page.getByRole('dialog', { name: 'Delete this dashboard?' }).getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL(`${LOCKED}/`);
  expect((await ask(`/api/dashboards/${doomed}`, { cookie: alice })).status).toBe(404);
  await page.context().close();
});

test('Add panel adds a time-series panel with starter SQL, which draws data once saved', async ({ browser }) => {
  const fresh = unique('add').slice(0, 40);
  const made = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: { dashboard: dashboard(fresh, 'Add to me') },
  });
  expect(made.status, made.body).toBe(201);
  const page = await open(browser, alice, `/d/${fresh}`);
  await startEditing(page);
  await page.getByRole('button', { name: 'Add panel' }).click();
  await expect(page.getByTestId('edit-panel-3').getByTestId('edit-panel-pos')).toHaveText(
    'timeseries · 12×8 at (0, 4)',
  );
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByRole('dialog', { name: 'Save dashboard' }).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-version')).toHaveText('Saved as version 2.');
  const saved = await get(`/api/dashboards/${fresh}`, alice);
  const added = (saved.panels as Array<{ id: number; type: string; targets: Array<{ rawSql: string }> }>).find(
    (p) => p.id === 3,
  )!;
  expect(added.type).toBe('timeseries');
  expect(added.targets[0].rawSql).toMatch(/^SELECT \$__timeGroupAlias\(\$__timeColumn, '\$__interval', 0\)/);
  await page.context().close();

  const view = await open(browser, viewer, `/d/${fresh}`);
  await expect(view.locator('[data-panel-id="3"]')).toHaveAttribute('data-state', 'ready');
  await view.context().close();
});
