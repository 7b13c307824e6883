/**
 * Edit mode on the server that requires a login (LOCKED): an editor adds a custom and a query variable in the
 * settings drawer's Variables tab, their values previewed (the query's over the dashboard's range), saves, and the
 * view's variables bar offers both; then two editors have the dashboard open in edit mode, one saves, and the
 * other is told who saved which version without reloading.
 */
import { expect, test, type Page } from '@playwright/test';
import { ask, openAs as open, unique, viewerAndTwoEditors } from './accounts/client';

const CITY_SQL = 'SELECT DISTINCT city FROM sales WHERE $__timeFilter(ts) ORDER BY 1';
const uid = unique('vars').slice(0, 40);

test.describe.configure({ mode: 'serial' });

let alice: string;
let bob: string;
let aliceLogin: string;

async function startEditing(page: Page) {
  await page.getByTestId('edit-dashboard').click();
  await expect(page.getByTestId('edit-grid')).toBeVisible();
}

async function save(page: Page, version: number) {
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByRole('dialog', { name: 'Save dashboard' }).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-version')).toHaveText(`Saved as version ${version}.`);
}

test.beforeAll(async () => {
  ({ alice, bob, aliceLogin } = await viewerAndTwoEditors());
  const created = await ask('/api/dashboards', {
    method: 'POST',
    cookie: alice,
    body: {
      dashboard: {
        uid,
        title: 'Variables',
        time: { from: 'now-1h', to: 'now' },
        panels: [
          {
            id: 1,
            type: 'stat',
            title: 'Orders',
            gridPos: { x: 0, y: 0, w: 8, h: 4 },
            targets: [{ refId: 'A', rawSql: 'SELECT COUNT(*) AS orders FROM sales WHERE $__timeFilter(ts)' }],
          },
        ],
      },
    },
  });
  expect(created.status, created.body).toBe(201);
});

test('an editor adds a custom and a query variable, previews their values, saves, and the view offers both', async ({
  browser,
}) => {
  const page = await open(browser, alice, `/d/${uid}`);
  await startEditing(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  const drawer = page.getByTestId('settings-drawer');
  await drawer.getByRole('tab', { name: 'Variables' }).click();
  const form = drawer.getByTestId('variable-form');
  const preview = form.getByTestId('variable-preview');

  await drawer.getByRole('button', { name: 'Add variable' }).click();
  await form.getByLabel('Name', { exact: true }).fill('region');
  await form.getByRole('combobox', { name: 'Type', exact: true }).selectOption('custom');
  await form.getByLabel(/^Values, comma-separated/).fill('North, South, East');
  await expect(preview.getByTestId('variable-preview-values').getByRole('listitem')).toHaveText([
    'North',
    'South',
    'East',
  ]);

  await drawer.getByRole('button', { name: 'Add variable' }).click();
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('var2');
  await form.getByLabel('Name', { exact: true }).fill('city');
  await expect(form.getByRole('combobox', { name: 'Type', exact: true })).toHaveValue('query');
  await form.getByLabel('SQL returning one column of values').fill(CITY_SQL);
  const values = preview.getByTestId('variable-preview-values').getByRole('listitem');
  await expect(values.filter({ hasText: 'Lima' })).toHaveCount(1);
  expect(await values.count()).toBeGreaterThanOrEqual(3);
  await expect(preview).toContainText(/values over now-1h to now, in [\d.]+ ms/);
  await expect(drawer.getByTestId('variable-row-region')).toBeVisible();
  await expect(drawer.getByTestId('variable-row-city')).toBeVisible();
  await drawer.getByRole('button', { name: 'Close settings' }).click();
  await save(page, 2);

  // The view: a picker per variable, in the order they were added.
  const bar = page.getByRole('group', { name: 'Dashboard variables' });
  await expect(bar.locator('[data-variable]')).toHaveCount(2);
  await expect(bar.locator('[data-variable]').first()).toHaveAttribute('data-variable', 'region');
  await expect(bar.locator('[data-variable="region"] option')).toHaveText(['North', 'South', 'East']);
  await expect(bar.locator('[data-variable="city"] option', { hasText: 'Lima' })).toHaveCount(1);
  await page.context().close();

  // The options query honours the range the view asks for: a range with no orders lists no city.
  const empty = await ask(`/api/dashboards/${uid}/variables/city?from=2001-01-01T00:00:00Z&to=2001-01-01T06:00:00Z`, {
    cookie: alice,
  });
  expect(empty.status, empty.body).toBe(200);
  expect(empty.json).toEqual({ options: [] });
});

test('an editor is told, in edit mode and without reloading, that another editor saved a newer version', async ({
  browser,
}) => {
  const a = await open(browser, alice, `/d/${uid}`);
  const b = await open(browser, bob, `/d/${uid}`);
  await startEditing(a);
  await startEditing(b);
  await expect(b.getByTestId('edit-version')).toHaveText('version 2');
  await expect(b.getByTestId('collab-banner')).toHaveCount(0);

  await a.getByRole('button', { name: 'Settings' }).click();
  await a.getByTestId('settings-drawer').getByLabel('Title').fill('Variables, renamed');
  await a.getByRole('button', { name: 'Close settings' }).click();
  await save(a, 3);

  const banner = b.getByTestId('collab-banner');
  await expect(banner).toContainText(`${aliceLogin} saved version 3 at `);
  await expect(banner).toContainText('your save would conflict');
  // Still the version bob opened, unreloaded.
  await expect(b.getByTestId('edit-version')).toHaveText('version 2');
  await banner.getByRole('button', { name: 'Keep editing' }).click();
  await expect(banner).toHaveCount(0);
  await a.context().close();
  await b.context().close();
});
