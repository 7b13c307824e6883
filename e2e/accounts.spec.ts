import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { ROUTE_ACCESS } from '../lib/auth/access';
import { issueEmbedToken } from '../lib/embed/token';
import { listAppRoutes } from '../lib/server/app-routes';
import { ROLES } from '../lib/store/types';
import { E2E_EMBED_SECRET, LOCKED_ADMIN_PASSWORD } from '../playwright.config';
import {
  addSessionCookie,
  ask,
  asBootstrap,
  createToken,
  createUser,
  liveProbe,
  LOCKED,
  logIn,
  openLive,
  salesRows,
  unique,
  within,
  type TestUser,
} from './accounts/client';
import {
  expectationFor,
  formatMatrix,
  harmlessBody,
  pathFor,
  type MatrixPrincipal,
  type MatrixValues,
} from './accounts/matrix';
import { spawnServer, type SpawnedServer } from './accounts/spawn';
import { expectEveryPanelReady } from './helpers';

/**
 * Accounts, roles and the metadata store, end to end. Most tests run against the locked server (LOCKED_PORT:
 * HOST=0.0.0.0, so anonymous viewing is off), whose store lives for the whole run: every test makes its own users
 * and tokens with unique names, through the API with the bootstrap token (`PULSEBOARD_ADMIN_TOKEN`).
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const E2E_PORT = Number(process.env.E2E_PORT || 3199);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SALES_QUERY = { dashboardUid: 'sales', panelId: 1, range: { from: 'now-15m', to: 'now' } };

async function embedToken(uid: string, panelIds: number[]): Promise<string> {
  return (await issueEmbedToken(E2E_EMBED_SECRET, { dashboardUid: uid, panelIds, vars: {}, ttlSeconds: 600 })).token;
}

/** A browser context on the locked server, signed in as `user` with a session opened through the API. */
async function signedInPage(browser: Browser, user: Pick<TestUser, 'login' | 'password'>): Promise<Page> {
  const context = await browser.newContext({ baseURL: LOCKED });
  await addSessionCookie(context, await logIn(user.login, user.password));
  return context.newPage();
}

/** Status of a same-origin fetch made by the page (the browser adds its Origin and the session cookie). */
function fetchFromPage(page: Page, url: string, method: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ([u, m, b]) => {
      const res = await fetch(u, {
        method: m,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(b),
      });
      return res.status;
    },
    [url, method, body] as const,
  );
}

async function openUserMenu(page: Page) {
  await expect(page.getByTestId('user-menu')).toHaveAttribute('data-kind', 'user');
  await page.getByTestId('user-menu-button').click();
  const panel = page.getByTestId('user-menu-panel');
  await expect(panel).toBeVisible();
  return panel;
}

test.describe('role × route matrix (locked server)', () => {
  let principals: MatrixPrincipal[] = [];
  let values: MatrixValues;

  test.beforeAll(async () => {
    const users = await Promise.all(ROLES.map((r) => createUser(r)));
    const throwaway = await createUser('viewer', 'throwaway');
    const cookies = await Promise.all(users.map((u) => logIn(u.login, u.password)));
    const tokens = await Promise.all(ROLES.map((r) => createToken(r)));
    principals = [
      { name: 'nobody', kind: 'nobody' },
      ...users.map((u, i): MatrixPrincipal => ({
        name: `s:${u.role}`,
        kind: 'session',
        role: u.role,
        cookie: cookies[i],
        login: u.login,
        password: u.password,
      })),
      ...tokens.map((t): MatrixPrincipal => ({ name: `t:${t.role}`, kind: 'token', role: t.role, bearer: t.secret })),
    ];
    const dashboard = await asBootstrap('/api/dashboards/sales');
    const variable = (dashboard.json!.templating as { list: { name: string }[] }).list[0].name;
    const datasources = await asBootstrap('/api/datasources');
    const datasourceUid = (datasources.json!.datasources as { uid: string }[])[0].uid;
    values = {
      uid: 'sales',
      panelId: 1,
      variable,
      table: 'sales',
      datasourceUid,
      userId: throwaway.id,
      tokenId: 999_999,
    };
  });

  test('every HTTP route answers each role and token as ROUTE_ACCESS says', async () => {
    const kinds = new Map(listAppRoutes(path.join(ROOT, 'app')).map((r) => [r.pattern, r.kind]));
    const keys = Object.keys(ROUTE_ACCESS).filter((k) => k !== 'GET /api/live');
    const cells = new Map<string, { status: number | string; ok: boolean }>();
    const failures: string[] = [];

    for (const key of keys) {
      const rule = ROUTE_ACCESS[key];
      const method = key.slice(0, key.indexOf(' '));
      const pattern = key.slice(key.indexOf(' ') + 1);
      const isPage = kinds.get(pattern) === 'page';
      const target = pathFor(key, values);
      await Promise.all(
        principals.map(async (p) => {
          const expectation = expectationFor(rule, p);
          // Logging out ends the session it is sent with: a fresh one, so the principal's own goes on.
          const cookie =
            key === 'POST /api/logout' && p.kind === 'session' ? await logIn(p.login!, p.password!) : p.cookie;
          const body = UNSAFE.has(method) ? harmlessBody(key, values) : undefined;
          const res = await ask(target, { method, cookie, bearer: p.bearer, body });
          const location = String(res.headers.location ?? '');
          const toLogin = res.status === 303 && location.startsWith('/login?next=');
          let ok = res.status < 500;
          let cell: number | string = res.status;
          if (expectation === 'allow') ok &&= res.status !== 401 && res.status !== 403 && !toLogin;
          else if (expectation === 'forbidden') ok &&= res.status === 403;
          else if (expectation === 'login') ok &&= isPage ? toLogin : res.status === 401;
          else {
            // As an embed's: refused without an embed token (sales is not public), served with one.
            ok &&= res.status === 401 || res.status === 403;
            if (key === 'POST /api/query') {
              const withToken = await ask(target, {
                method,
                body: { ...(body as object), embedToken: await embedToken(values.uid, [values.panelId]) },
              });
              ok &&= withToken.status === 200;
              cell = `${res.status}/${withToken.status}`;
            }
          }
          cells.set(`${key}|${p.name}`, { status: cell, ok });
          if (!ok)
            failures.push(`${key} as ${p.name}: expected ${expectation}, got ${res.status} ${res.body.slice(0, 160)}`);
        }),
      );
    }
    console.log(
      `Role × route matrix on the locked server (a/b: without/with an embed token; ! = unexpected)\n${formatMatrix(keys, principals, cells)}`,
    );
    expect(failures).toEqual([]);
  });

  test('live: nobody connects only as an embed, naming its dashboard and token; every role and token gets snapshots', async () => {
    const rule = ROUTE_ACCESS['GET /api/live'];
    const summary: string[] = [];
    for (const p of principals) {
      const expectation = expectationFor(rule, p);
      const outcome = await liveProbe({ cookie: p.cookie, bearer: p.bearer });
      if (expectation === 'allow') {
        expect(outcome.upgraded, `${p.name}: ${JSON.stringify(outcome)}`).toBe(true);
        if (!outcome.upgraded) continue;
        summary.push(`${p.name}: ${outcome.reply.type}`);
        expect(outcome.reply.type, `${p.name}: ${JSON.stringify(outcome.reply).slice(0, 200)}`).toBe('snapshot');
        continue;
      }
      expect(expectation, p.name).toBe('embed');
      // No session, no token: the upgrade itself is refused, and so is one naming a dashboard that is not public.
      expect(outcome, p.name).toMatchObject({ upgraded: false, status: 401 });
      expect(await liveProbe({ query: `?embed=${values.uid}` })).toMatchObject({ upgraded: false, status: 401 });
      expect(await liveProbe({ query: `?embed=${values.uid}&token=forged` })).toMatchObject({
        upgraded: false,
        status: 401,
      });
      summary.push(`${p.name}: 401 at the upgrade`);
      // An embed's socket: its dashboard and token at the upgrade; still, a subscription needs its own grant.
      const token = await embedToken(values.uid, [values.panelId]);
      const query = `?embed=${values.uid}&token=${encodeURIComponent(token)}`;
      const bare = await liveProbe({ query }, { dashboardUid: values.uid, panelId: values.panelId });
      expect(bare.upgraded && bare.reply.type, `${p.name}: embed socket, subscription without a token`).toBe('error');
      const withToken = await liveProbe(
        { query },
        { dashboardUid: values.uid, panelId: values.panelId, embedToken: token },
      );
      expect(withToken.upgraded && withToken.reply.type, `${p.name} with an embed token`).toBe('snapshot');
    }
    console.log(`GET /api/live subscribe sales/1: ${summary.join(', ')}`);
  });

  test("a cookie request that changes state needs the server's own Origin; a bearer token needs none", async () => {
    const editor = principals.find((p) => p.name === 's:editor')!;
    const editorToken = principals.find((p) => p.name === 't:editor')!;
    const ingest = (o: Parameters<typeof ask>[1]) =>
      ask('/api/ingest/sales', { method: 'POST', body: salesRows(), ...o });

    const foreign = await ingest({ cookie: editor.cookie, origin: 'http://evil.example' });
    expect(foreign.status, foreign.body).toBe(403);
    expect(foreign.json?.error).toMatch(/Cross-site/);
    const none = await ingest({ cookie: editor.cookie, origin: null });
    expect(none.status, none.body).toBe(403);
    const own = await ingest({ cookie: editor.cookie });
    expect(own.status, own.body).toBe(201);
    const bearer = await ingest({ bearer: editorToken.bearer, origin: 'http://evil.example' });
    expect(bearer.status, bearer.body).toBe(201);
    const bearerNoOrigin = await ingest({ bearer: editorToken.bearer, origin: null });
    expect(bearerNoOrigin.status, bearerNoOrigin.body).toBe(201);

    // A live socket with the cookie is checked the same way.
    const ws = await liveProbe({ cookie: editor.cookie, origin: 'http://evil.example' });
    expect(ws.upgraded ? 'upgraded' : ws.status).toBe(403);
  });
});

test.describe('first run', () => {
  const port = E2E_PORT - 5;
  let dataDir = '';
  let server: SpawnedServer | undefined;

  test.beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-first-run-'));
  });

  test.afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('the admin logs in with the generated password; a restart does not print one again', async ({ page }) => {
    test.setTimeout(120_000);
    const env = { PORT: String(port), HOST: '127.0.0.1', PULSEBOARD_DATA_DIR: dataDir, PULSEBOARD_SIMULATOR: 'off' };
    const base = `http://127.0.0.1:${port}`;
    server = spawnServer(env);
    const [, password] = await server.waitFor(/created the admin account "admin" with the password\n\n {4}(\S+)\n\n/);
    await server.waitFor(new RegExp(`ready on http://127\\.0\\.0\\.1:${port} `));
    expect(server.output()).toMatch(/anonymous viewing: on \(viewer\): HOST=127\.0\.0\.1 is loopback only/);

    await page.goto(`${base}/login`);
    await page.getByLabel('Login').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(`${base}/`);
    const menu = await openUserMenu(page);
    await expect(menu.getByTestId('user-menu-role')).toHaveText('admin');
    await expect(menu.getByRole('link', { name: 'Admin' })).toBeVisible();

    await server.stop();
    server = spawnServer(env);
    await server.waitFor(new RegExp(`ready on http://127\\.0\\.0\\.1:${port} `));
    expect(server.output()).not.toMatch(/with the password|created the admin account/);
    // The account made on the first start is still there, with the same password.
    const login = await ask('/api/login', { port, method: 'POST', body: { login: 'admin', password } });
    expect(login.status, login.body).toBe(200);
  });
});

test('a viewer, an editor and an admin see what their role allows', async ({ browser }) => {
  const [viewer, editor] = await Promise.all([createUser('viewer'), createUser('editor')]);

  // The viewer logs in through the login page.
  const context = await browser.newContext({ baseURL: LOCKED });
  const page = await context.newPage();
  await page.goto('/login?next=%2Fd%2Fsales');
  await page.getByLabel('Login').fill(viewer.login);
  await page.getByLabel('Password').fill(viewer.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${LOCKED}/d/sales`);
  await page.goto('/');
  await expect(page.locator('[data-dashboard-uid="sales"]')).toBeVisible();
  await expectEveryPanelReady(page, '/d/sales');
  const menu = await openUserMenu(page);
  await expect(menu.getByTestId('user-menu-role')).toHaveText('viewer');
  await expect(menu.getByRole('link', { name: 'Profile' })).toBeVisible();
  await expect(menu.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  const admin = await page.goto('/admin');
  expect(admin?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('admin role');
  await page.goto('/');
  expect(await fetchFromPage(page, '/api/ingest/sales', 'POST', salesRows())).toBe(403);
  await context.close();

  // The editor may write, not administer.
  const editorPage = await signedInPage(browser, editor);
  await editorPage.goto('/');
  const editorMenu = await openUserMenu(editorPage);
  await expect(editorMenu.getByTestId('user-menu-role')).toHaveText('editor');
  await expect(editorMenu.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  expect(await fetchFromPage(editorPage, '/api/ingest/sales', 'POST', salesRows(2))).toBe(201);
  expect((await editorPage.goto('/admin'))?.status()).toBe(403);
  await editorPage.context().close();

  // The admin (the locked server's first admin, from PULSEBOARD_ADMIN_PASSWORD) sees both users.
  const adminPage = await signedInPage(browser, { login: 'admin', password: LOCKED_ADMIN_PASSWORD });
  await adminPage.goto('/');
  await (await openUserMenu(adminPage)).getByRole('link', { name: 'Admin' }).click();
  await expect(adminPage).toHaveURL(`${LOCKED}/admin`);
  for (const u of [viewer, editor]) {
    const row = adminPage.locator(`[data-testid="user-row"][data-login="${u.login}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByLabel(`Role of ${u.login}`)).toHaveValue(u.role);
  }
  await adminPage.context().close();
});

test("a disabled user's open dashboard loses its live updates", async ({ browser }) => {
  const viewer = await createUser('viewer');
  const page = await signedInPage(browser, viewer);
  const frames: number[] = [];
  const sockets: string[] = [];
  let closedAt: number | undefined;
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/api/live')) return;
    sockets.push(ws.url());
    ws.on('framereceived', () => frames.push(Date.now()));
    ws.on('close', () => (closedAt ??= Date.now()));
  });
  await expectEveryPanelReady(page, '/d/sales?refresh=live');
  await expect.poll(() => frames.length, { message: 'live frames before the user is disabled' }).toBeGreaterThan(0);
  expect(sockets).toHaveLength(1);

  const disabled = await asBootstrap(`/api/users/${viewer.id}`, { method: 'PATCH', body: { disabled: true } });
  expect(disabled.status, disabled.body).toBe(200);
  await expect.poll(() => closedAt, { message: 'the live socket closes', timeout: 5000 }).toBeDefined();

  // Nothing more arrives, and the client does not reconnect: every panel says why.
  await page.waitForTimeout(1500);
  expect(frames.filter((t) => t > closedAt!)).toEqual([]);
  expect(sockets).toHaveLength(1);
  await expect(page.locator('[data-panel-id="1"] [aria-label="Query errors"]')).toHaveAttribute(
    'title',
    /Your session has ended/,
  );
  // And above the panels, with a way back.
  const banner = page.getByTestId('live-ended');
  await expect(banner).toContainText('Your session has ended');
  await expect(banner.getByRole('link', { name: 'Log in' })).toHaveAttribute('href', /^\/login\?next=%2Fd%2Fsales/);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.context().close();
});

test("a role change keeps the user's live dashboard going, with the new role", async ({ browser }) => {
  const user = await createUser('viewer', 'promoted');
  const page = await signedInPage(browser, user);
  const sockets: { frames: number }[] = [];
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/api/live')) return;
    const s = { frames: 0 };
    sockets.push(s);
    ws.on('framereceived', () => s.frames++);
  });
  await expectEveryPanelReady(page, '/d/sales?refresh=live');
  await expect.poll(() => sockets[0]?.frames ?? 0).toBeGreaterThan(0);

  const promoted = await asBootstrap(`/api/users/${user.id}`, { method: 'PATCH', body: { role: 'editor' } });
  expect(promoted.status, promoted.body).toBe(200);
  // The server reopens the sockets so that they carry the new role; the session itself goes on.
  await expect
    .poll(() => sockets.slice(1).reduce((n, s) => n + s.frames, 0), {
      message: 'frames on a new socket',
      timeout: 10_000,
    })
    .toBeGreaterThan(0);
  await expect(page.locator('[data-panel-id] [aria-label="Query errors"]')).toHaveCount(0);
  await page.reload();
  const menu = await openUserMenu(page);
  await expect(menu.getByTestId('user-menu-role')).toHaveText('editor');
  await page.context().close();
});

test('anonymous viewing: on for a loopback server without a setting, off on the network', async ({ page, request }) => {
  // The main e2e server listens on 127.0.0.1 and sets nothing: anonymous visitors are viewers.
  await page.goto('/');
  await expect(page.locator('[data-dashboard-uid="sales"]')).toBeVisible();
  await expect(page.getByTestId('user-menu')).toHaveAttribute('data-kind', 'anonymous');
  const me = await (await request.get('/api/user')).json();
  expect(me).toMatchObject({ kind: 'anonymous', role: 'viewer', user: null, anonymousViewing: true });

  // The locked server listens on 0.0.0.0: nothing without a login.
  const home = await ask('/');
  expect(home.status).toBe(303);
  expect(home.headers.location).toBe('/login?next=%2F');
  await page.goto(`${LOCKED}/`);
  await expect(page).toHaveURL(`${LOCKED}/login?next=%2F`);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  const query = await ask('/api/query', { method: 'POST', body: SALES_QUERY });
  expect(query.status, query.body).toBe(401);
  const who = await ask('/api/user');
  expect(who.json).toMatchObject({ kind: 'anonymous', role: null, anonymousViewing: false });
});

test('an embed works live with anonymous viewing off, with no account, as before accounts', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: LOCKED });
  const page = await context.newPage();
  const frames: number[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', () => frames.push(Date.now())));
  const token = await embedToken('sales', [2]);
  await page.goto(`/embed/sales/2?token=${encodeURIComponent(token)}&from=now-15m&to=now`);
  await expect(page.locator('[data-panel-id="2"]')).toHaveAttribute('data-state', 'ready');
  // The simulator writes every few hundred ms: live frames keep coming over the embed's own socket.
  await expect.poll(() => frames.length, { timeout: 10_000 }).toBeGreaterThan(2);
  // Without a token the same panel is refused: sales is not public.
  await page.goto('/embed/sales/2');
  await expect(page.locator('[data-embed-state="ok"]')).toHaveCount(0);
  await context.close();
});

test('logging out ends the session: its cookie no longer works', async ({ browser }) => {
  const user = await createUser('viewer');
  const cookie = await logIn(user.login, user.password);
  const context = await browser.newContext({ baseURL: LOCKED });
  await addSessionCookie(context, cookie);
  const page = await context.newPage();
  const live = openLive({ cookie });
  await live.snapshot;
  await page.goto('/');
  await (await openUserMenu(page)).getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(`${LOCKED}/login`);
  expect(await context.cookies()).toEqual([]);
  // A live socket of that session closes at once.
  expect(await within(live.closed, 5000)).toMatchObject({ code: 4401 });

  // The old cookie, sent again by hand, is nobody's.
  expect((await ask('/api/user', { cookie })).json).toMatchObject({ kind: 'anonymous', role: null });
  expect((await ask('/api/dashboards', { cookie })).status).toBe(401);
  await context.close();
});

test('changing the password keeps this session and ends the other ones', async ({ browser }) => {
  const user = await createUser('editor');
  const other = await logIn(user.login, user.password);
  const page = await signedInPage(browser, user);
  const otherPage = await signedInPage(browser, user);
  await otherPage.goto('/');
  await expect(otherPage.getByTestId('user-menu')).toHaveAttribute('data-kind', 'user');

  const [mine] = await page.context().cookies();
  const myLive = openLive({ cookie: `${mine.name}=${mine.value}` });
  const otherLive = openLive({ cookie: other });
  await Promise.all([myLive.snapshot, otherLive.snapshot]);

  await page.goto('/profile');
  await expect(page.getByTestId('profile-login')).toHaveText(user.login);
  await expect(page.getByTestId('profile-role')).toHaveText('editor');
  const next = `new-${user.password}`;
  await page.getByLabel('Current password').fill(user.password);
  await page.getByLabel('New password', { exact: true }).fill(next);
  await page.getByLabel('Confirm new password').fill(next);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('password-changed')).toBeVisible();

  // This tab goes on; the other browser and the session opened through the API have ended, sockets included.
  expect(await within(otherLive.closed, 5000)).toMatchObject({ code: 4401 });
  expect(await within(myLive.closed, 500)).toBe('pending');
  myLive.close();
  await page.reload();
  await expect(page.getByTestId('profile-login')).toHaveText(user.login);
  expect((await ask('/api/dashboards', { cookie: other })).status).toBe(401);
  await otherPage.reload();
  await expect(otherPage).toHaveURL(/\/login\?next=%2F$/);

  // Only the new password opens a session now.
  expect(
    (await ask('/api/login', { method: 'POST', body: { login: user.login, password: user.password } })).status,
  ).toBe(401);
  await logIn(user.login, next);
  await page.context().close();
  await otherPage.context().close();
});

test('five wrong passwords lock the account until a time the refusal names', async ({ page }) => {
  const user = await createUser('viewer', 'lockout');
  const wrong = () => ask('/api/login', { method: 'POST', body: { login: user.login, password: 'not-the-password' } });
  const statuses: number[] = [];
  let locked;
  while (!locked && statuses.length < 6) {
    const res = await wrong();
    statuses.push(res.status);
    if (res.status === 429) locked = res;
    else expect(res.status, res.body).toBe(401);
  }
  expect(locked, `statuses: ${statuses.join(', ')}`).toBeDefined();
  expect(statuses.length).toBeGreaterThanOrEqual(5);
  const retryAfter = Number(locked!.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(300);
  expect(locked!.json?.error).toMatch(/locked until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(about \d+ min\)/);

  // The right password is refused too while the lock lasts.
  const right = await ask('/api/login', { method: 'POST', body: { login: user.login, password: user.password } });
  expect(right.status, right.body).toBe(429);
  expect(right.headers['retry-after']).toBeTruthy();
  expect(right.json?.error).toContain('locked until');

  await page.goto(`${LOCKED}/login`);
  await page.getByLabel('Login').fill(user.login);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByTestId('login-error')).toContainText('locked until');
  await expect(page).toHaveURL(`${LOCKED}/login`);

  const audit = await asBootstrap('/api/audit?limit=500');
  const events = audit.json!.events as { type: string; subject: string | null }[];
  expect(events.filter((e) => e.type === 'login.locked' && e.subject === user.login)).toHaveLength(1);
});

test('bad input and bad credentials are refused cleanly, and the server stays up', async () => {
  const big = 'x'.repeat(10_000);
  const login = (body: unknown) => ask('/api/login', { method: 'POST', body });
  const bigLogin = await login({ login: big, password: 'whatever' });
  expect(bigLogin.status).toBe(400);
  expect(bigLogin.json?.error).toMatch(/\blogin\b/);
  const bigPassword = await login({ login: 'admin', password: big });
  expect(bigPassword.status).toBe(400);
  expect(bigPassword.json?.error).toMatch(/\bpassword\b/);
  const notJson = await login('{"login": "admin", "password": ');
  expect(notJson.status).toBe(400);
  expect(notJson.json?.error).toMatch(/JSON/);

  // A forged session cookie is nobody's, and the answer clears it.
  const clears = /pulseboard_session=;.*Max-Age=0/;
  const forged = await ask('/api/dashboards', { cookie: 'pulseboard_session=forged' });
  expect(forged.status).toBe(401);
  expect(String(forged.headers['set-cookie'])).toMatch(clears);
  const forgedPage = await ask('/d/sales', { cookie: 'pulseboard_session=forged' });
  expect(forgedPage.status).toBe(303);
  expect(forgedPage.headers.location).toBe('/login?next=%2Fd%2Fsales');
  expect(String(forgedPage.headers['set-cookie'])).toMatch(clears);

  // Sessions that ended: logged out, and the user disabled.
  const user = await createUser('viewer', 'ended');
  const loggedOut = await logIn(user.login, user.password);
  expect((await ask('/api/dashboards', { cookie: loggedOut })).status).toBe(200);
  expect((await ask('/api/logout', { method: 'POST', cookie: loggedOut })).status).toBe(200);
  const afterLogout = await ask('/api/dashboards', { cookie: loggedOut });
  expect(afterLogout.status).toBe(401);
  expect(String(afterLogout.headers['set-cookie'])).toMatch(clears);
  const beforeDisable = await logIn(user.login, user.password);
  await asBootstrap(`/api/users/${user.id}`, { method: 'PATCH', body: { disabled: true } });
  expect((await ask('/api/dashboards', { cookie: beforeDisable })).status).toBe(401);
  expect((await ask('/api/user', { cookie: beforeDisable })).json).toMatchObject({ kind: 'anonymous' });
  const disabledLogin = await login({ login: user.login, password: user.password });
  expect(disabledLogin.status).toBe(403);
  expect(disabledLogin.json?.error).toMatch(/disabled/);

  // Tokens: forged, not a bearer, revoked, expired.
  for (const authorization of ['Bearer pb_xxx', 'Bearer e2e-admin-tokenX', 'Basic YWRtaW46YWRtaW4=']) {
    const res = await ask('/api/dashboards', { headers: { authorization } });
    expect(res.status, authorization).toBe(401);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.json?.error).toBeTruthy();
  }
  const revoked = await createToken('viewer');
  expect((await ask('/api/dashboards', { bearer: revoked.secret })).status).toBe(200);
  expect((await asBootstrap(`/api/tokens/${revoked.id}`, { method: 'DELETE' })).status).toBe(200);
  expect((await ask('/api/dashboards', { bearer: revoked.secret })).status).toBe(401);
  // An expiring token works until it expires; a live socket opened with it closes then.
  const expiring = await createToken('viewer', { secondsToLive: 2 });
  const live = openLive({ bearer: expiring.secret });
  await live.snapshot;
  expect((await ask('/api/dashboards', { bearer: expiring.secret })).status).toBe(200);
  expect(await within(live.closed, 5000)).toEqual({ code: 4401, reason: 'Your API token has expired' });
  const expired = await ask('/api/dashboards', { bearer: expiring.secret });
  expect(expired.status).toBe(401);
  expect(expired.json?.error).toMatch(/expired/);

  expect((await ask('/api/health')).status).toBe(200);
});

test('an editor API token made on the admin page ingests until it is revoked', async ({ browser }) => {
  const page = await signedInPage(browser, { login: 'admin', password: LOCKED_ADMIN_PASSWORD });
  page.on('dialog', (d) => void d.accept());
  await page.goto('/admin');
  await page.getByRole('tab', { name: 'API tokens' }).click();
  const tab = page.getByTestId('admin-panel-tokens');
  const name = unique('e2e-ui-token');
  await tab.getByLabel('Name').fill(name);
  await tab.getByLabel('Role').selectOption('editor');
  await tab.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByTestId('token-secret-value').inputValue();
  expect(secret).toMatch(/^pb_/);

  const ingest = () => ask('/api/ingest/sales', { method: 'POST', bearer: secret, body: salesRows() });
  const first = await ingest();
  expect(first.status, first.body).toBe(201);
  // The last use is written in the background: it shows in the list shortly after.
  const listed = async () => {
    const tokens = (await asBootstrap('/api/tokens')).json!.tokens as { name: string; role: string }[];
    return tokens.find((t) => t.name === name);
  };
  await expect
    .poll(listed, { timeout: 5000 })
    .toMatchObject({ role: 'editor', revokedAt: null, lastUsedAt: expect.any(Number) });

  const live = openLive({ bearer: secret });
  await live.snapshot;
  const row = tab.locator(`[data-testid="token-row"][data-token-name="${name}"]`);
  await expect(row).toHaveAttribute('data-status', 'active');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toHaveAttribute('data-status', 'revoked');
  const after = await ingest();
  expect(after.status, after.body).toBe(401);
  expect(await within(live.closed, 5000)).toMatchObject({ code: 4401 });
  await page.context().close();
});
