import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { E2E_ADMIN_TOKEN, LOCKED_PORT } from '../../playwright.config';
import { send, type RawResponse } from '../bad-input/http';
import type { Role } from '../../lib/store/types';

/**
 * A small client for the accounts suite. Requests go through node:http (e2e/bad-input/http.ts) so that the
 * headers are exactly the ones given: no Origin added, no cookie jar, no redirect followed.
 */

export const LOCKED = `http://127.0.0.1:${LOCKED_PORT}`;
export const SESSION_COOKIE = 'pulseboard_session';

let seq = 0;
/** A login or token name no earlier run of the same server has used. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;
}

export interface Ask {
  method?: string;
  /** A whole `Cookie` header value, e.g. `pulseboard_session=…`. */
  cookie?: string;
  /** An API token (or the bootstrap token) sent as `Authorization: Bearer …`. */
  bearer?: string;
  /** `Origin` header; the server's own origin when omitted on a cookie request that changes state. */
  origin?: string | null;
  /** JSON-encoded unless it is a string already. */
  body?: unknown;
  headers?: Record<string, string>;
  port?: number;
}

export interface Answer extends RawResponse {
  json: { error?: string; [k: string]: unknown } | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One request to the locked server (or `port`), as the options say. */
export async function ask(path: string, o: Ask = {}): Promise<Answer> {
  const method = o.method ?? 'GET';
  const port = o.port ?? LOCKED_PORT;
  const headers: Record<string, string> = { ...o.headers };
  if (o.cookie) headers.cookie = o.cookie;
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
  const origin =
    o.origin === undefined ? (o.cookie && UNSAFE.has(method) ? `http://127.0.0.1:${port}` : null) : o.origin;
  if (origin !== null) headers.origin = origin;
  let body: string | undefined;
  if (o.body !== undefined) {
    body = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await send(port, { method, path, headers, body });
  let json: Answer['json'];
  if (String(res.headers['content-type'] ?? '').includes('json')) {
    try {
      json = JSON.parse(res.body) as Answer['json'];
    } catch {
      json = undefined;
    }
  }
  return { ...res, json };
}

/** As the bootstrap admin (`PULSEBOARD_ADMIN_TOKEN`). */
export function asBootstrap(path: string, o: Ask = {}): Promise<Answer> {
  return ask(path, { ...o, bearer: E2E_ADMIN_TOKEN });
}

export interface TestUser {
  id: number;
  login: string;
  password: string;
  role: Role;
}

/** A new user on the locked server, made with the bootstrap token. */
export async function createUser(role: Role, prefix: string = role): Promise<TestUser> {
  const login = unique(`e2e-${prefix}`);
  const password = `pw-${login}-secret`;
  const res = await asBootstrap('/api/users', { method: 'POST', body: { login, role, password } });
  expect(res.status, res.body).toBe(201);
  return { id: (res.json!.user as { id: number }).id, login, password, role };
}

/** A viewer and two editors (alice, bob), each signed in: their logins and session cookies. */
export async function viewerAndTwoEditors(): Promise<{
  viewer: string;
  alice: string;
  bob: string;
  aliceLogin: string;
  bobLogin: string;
}> {
  const [v, a, b] = await Promise.all([
    createUser('viewer'),
    createUser('editor', 'alice'),
    createUser('editor', 'bob'),
  ]);
  const [viewer, alice, bob] = await Promise.all([
    logIn(v.login, v.password),
    logIn(a.login, a.password),
    logIn(b.login, b.password),
  ]);
  return { viewer, alice, bob, aliceLogin: a.login, bobLogin: b.login };
}

/** The `Cookie` header value of a new session for `login`, opened with `POST /api/login`. */
export async function logIn(login: string, password: string): Promise<string> {
  const res = await ask('/api/login', { method: 'POST', body: { login, password } });
  expect(res.status, res.body).toBe(200);
  const set = String(res.headers['set-cookie'] ?? '');
  const m = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(set);
  expect(m, `Set-Cookie of the login: ${set}`).toBeTruthy();
  return `${SESSION_COOKIE}=${m![1]}`;
}

/** Put a session cookie into a browser context for the locked server. */
export async function addSessionCookie(context: BrowserContext, cookie: string): Promise<void> {
  const value = cookie.slice(cookie.indexOf('=') + 1);
  await context.addCookies([
    { name: SESSION_COOKIE, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' },
  ]);
}

/** A page of the locked server in a browser context of its own, signed in with `cookie`, at `path`. */
export async function openAs(browser: Browser, cookie: string, path: string): Promise<Page> {
  const context = await browser.newContext();
  await addSessionCookie(context, cookie);
  const page = await context.newPage();
  await page.goto(`${LOCKED}${path}`);
  return page;
}

export interface TestToken {
  id: number;
  name: string;
  role: Role;
  secret: string;
}

/** A new API token on the locked server, made with the bootstrap token. */
export async function createToken(role: Role, extra: { secondsToLive?: number } = {}): Promise<TestToken> {
  const name = unique(`e2e-token-${role}`);
  const res = await asBootstrap('/api/tokens', { method: 'POST', body: { name, role, ...extra } });
  expect(res.status, res.body).toBe(201);
  const t = res.json!.token as { id: number; token: string };
  return { id: t.id, name, role, secret: t.token };
}

/** A few sales rows as the ingest endpoint takes them. */
export function salesRows(n = 1): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    ts: new Date(Date.now() - i * 1000).toISOString(),
    city: 'Lima',
    lat: -12.05,
    lon: -77.04,
    product: 'p',
    category: 'c',
    quantity: 1,
    unit_price: 1,
  }));
}

export type LiveOutcome =
  | { upgraded: false; status: number; body: string }
  | { upgraded: true; reply: { type: string; message?: string; frames?: unknown[] } };

/**
 * Open `/api/live` with the given credentials and subscribe to a panel: the upgrade's refusal, or the first
 * message that answers the subscription (a snapshot or an error).
 */
export function liveProbe(
  o: { cookie?: string; bearer?: string; origin?: string; port?: number; query?: string },
  sub: { dashboardUid: string; panelId: number; embedToken?: string } = { dashboardUid: 'sales', panelId: 1 },
): Promise<LiveOutcome> {
  const port = o.port ?? LOCKED_PORT;
  const headers: Record<string, string> = {};
  if (o.cookie) headers.cookie = o.cookie;
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
  const origin = o.origin ?? (o.cookie ? `http://127.0.0.1:${port}` : undefined);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live${o.query ?? ''}`, {
      headers,
      ...(origin ? { origin } : {}),
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('no answer to the subscription within 10 s'));
    }, 10_000);
    const done = (v: LiveOutcome) => {
      clearTimeout(timer);
      resolve(v);
      ws.terminate();
    };
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done({ upgraded: false, status: res.statusCode ?? 0, body }));
    });
    ws.on('open', () =>
      ws.send(JSON.stringify({ type: 'subscribe', id: 'probe', range: { from: 'now-15m', to: 'now' }, ...sub })),
    );
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id?: string };
      if (msg.id === 'probe') done({ upgraded: true, reply: msg });
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export interface LiveSocket {
  /** Resolves with the first snapshot of the subscription (rejects on an error message). */
  snapshot: Promise<void>;
  /** Resolves when the socket closes, with the server's close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** A live socket with the given credentials, subscribed to a sales panel, kept open until closed. */
export function openLive(o: { cookie?: string; bearer?: string }): LiveSocket {
  const headers: Record<string, string> = {};
  if (o.cookie) headers.cookie = o.cookie;
  if (o.bearer) headers.authorization = `Bearer ${o.bearer}`;
  const ws = new WebSocket(`ws://127.0.0.1:${LOCKED_PORT}/api/live`, {
    headers,
    ...(o.cookie ? { origin: LOCKED } : {}),
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const snapshot = new Promise<void>((resolve, reject) => {
    ws.on('open', () =>
      ws.send(
        JSON.stringify({
          type: 'subscribe',
          id: 'sub',
          dashboardUid: 'sales',
          panelId: 1,
          range: { from: 'now-15m', to: 'now' },
        }),
      ),
    );
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { type: string; id?: string; message?: string };
      if (msg.id !== 'sub') return;
      if (msg.type === 'snapshot') resolve();
      else if (msg.type === 'error') reject(new Error(msg.message));
    });
    ws.on('error', reject);
    void closed.then(({ code }) => reject(new Error(`closed (${code}) before a snapshot`)));
  });
  return { snapshot, closed, close: () => ws.close() };
}

/** Resolves with what `p` resolved to, or `'pending'` after `ms`. */
export function within<T>(p: Promise<T>, ms: number): Promise<T | 'pending'> {
  return Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);
}
