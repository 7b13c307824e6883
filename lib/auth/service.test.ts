import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMetaStore } from '../store/open';
import type { MetaStore } from '../store/types';
import { authConfigFromEnv } from './config';
import { AuthService, SESSION_COOKIE, sessionCookieValue, type Revocation } from './service';

const T0 = Date.UTC(2026, 10, 30, 12);
let dir: string;
let store: MetaStore;
let clock: { now: number };
let auth: AuthService;
let revoked: Revocation[];
const by = { principal: { kind: 'bootstrap' as const, role: 'admin' as const }, ip: '10.0.0.1' };

async function make(env: Record<string, string> = {}) {
  auth = new AuthService(store, authConfigFromEnv({ HOST: '0.0.0.0', ...env }), () => clock.now);
  revoked = [];
  auth.events.on('revoke', (r) => revoked.push(r));
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-auth-'));
  store = await openMetaStore({ PULSEBOARD_DATA_DIR: dir });
  clock = { now: T0 };
  await make();
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cookie = (token: string) => `theme=dark; ${SESSION_COOKIE}=${token}`;

async function principalOf(token: string) {
  const r = await auth.resolve(undefined, cookie(token));
  if ('refusal' in r) throw new Error(r.refusal.message);
  return r.principal;
}

describe('first start', () => {
  it('creates one admin with a generated password, once', async () => {
    const created = await auth.ensureAdmin(undefined);
    expect(created?.login).toBe('admin');
    expect(created?.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(await auth.ensureAdmin(undefined)).toBeUndefined();
    const { user } = await auth.login('admin', created!.password!, '1.2.3.4', 'test');
    expect(user.role).toBe('admin');
    // Only the hash is stored.
    expect((await store.users.getByLogin('admin'))!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('takes PULSEBOARD_ADMIN_PASSWORD when set, and refuses a short one', async () => {
    await expect(auth.ensureAdmin('short')).rejects.toThrow(/PULSEBOARD_ADMIN_PASSWORD must be at least 8/);
    expect(await auth.ensureAdmin('correct horse')).toEqual({ login: 'admin', password: undefined });
    await expect(auth.login('ADMIN', 'correct horse', 'ip', '')).resolves.toBeDefined();
  });
});

describe('sessions', () => {
  beforeEach(async () => {
    await auth.createUser({ login: 'vera', role: 'viewer', password: 'vera-password' }, by);
  });

  it('resolve a cookie to its user, and nothing else to anybody', async () => {
    const { token } = await auth.login('vera', 'vera-password', 'ip', 'ua');
    expect(await principalOf(token)).toMatchObject({ kind: 'user', role: 'viewer', login: 'vera' });
    expect(sessionCookieValue(cookie(token))).toBe(token);
    const forged = await auth.resolve(undefined, cookie('forged'));
    expect(forged).toMatchObject({ principal: { kind: 'anonymous', role: undefined }, clearCookie: true });
    // The token is never stored, only its hash.
    const all = JSON.stringify(await store.sessions.get((await principalOf(token)).sessionHash!));
    expect(all).not.toContain(token);
  });

  it('end after the idle time and after the absolute lifetime', async () => {
    await make({ PULSEBOARD_SESSION_IDLE: '1h', PULSEBOARD_SESSION_MAX_AGE: '3h' });
    const { token } = await auth.login('vera', 'vera-password', 'ip', 'ua');
    clock.now += 59 * 60_000;
    expect((await principalOf(token)).kind).toBe('user'); // touches last-seen
    clock.now += 59 * 60_000;
    expect((await principalOf(token)).kind).toBe('user');
    clock.now += 61 * 60_000; // 179 min after login, 61 min idle
    expect((await principalOf(token)).kind).toBe('anonymous');

    const second = (await auth.login('vera', 'vera-password', 'ip', 'ua')).token;
    for (let i = 0; i < 6; i++) {
      clock.now += 30 * 60_000;
      const p = await principalOf(second);
      expect(p.kind, `after ${(i + 1) * 30} min`).toBe(i < 5 ? 'user' : 'anonymous');
    }
  });

  it('end at once on logout, on disable and on a password reset, each announced for open sockets', async () => {
    const a = await auth.login('vera', 'vera-password', 'ip', 'ua');
    const p = await principalOf(a.token);
    expect(await auth.stillValid(p)).toBe(true);
    // A socket's periodic check counts as use: watching a live dashboard keeps the session from going idle.
    clock.now += 6 * 86_400_000;
    expect(await auth.stillValid(p)).toBe(true);
    clock.now += 6 * 86_400_000;
    expect(await auth.stillValid(p)).toBe(true);
    await auth.logout(p, 'ip');
    expect(await auth.stillValid(p)).toBe(false);
    expect((await principalOf(a.token)).kind).toBe('anonymous');
    expect(revoked).toEqual([{ sessionHashes: [p.sessionHash] }]);

    const b = await auth.login('vera', 'vera-password', 'ip', 'ua');
    await auth.updateUser(p.userId!, { disabled: true }, by);
    expect((await principalOf(b.token)).kind).toBe('anonymous');
    expect(revoked.at(-1)).toMatchObject({ userId: p.userId });
    await expect(auth.login('vera', 'vera-password', 'ip', 'ua')).rejects.toMatchObject({ status: 403 });

    await auth.updateUser(p.userId!, { disabled: false }, by);
    const c = await auth.login('vera', 'vera-password', 'ip', 'ua');
    await auth.updateUser(p.userId!, { password: 'new-password' }, by);
    expect((await principalOf(c.token)).kind).toBe('anonymous');
    await expect(auth.login('vera', 'vera-password', 'ip', 'ua')).rejects.toMatchObject({ status: 401 });
  });

  it('a password change keeps the session that made it and ends the others', async () => {
    const one = await auth.login('vera', 'vera-password', 'ip', 'ua');
    const two = await auth.login('vera', 'vera-password', 'ip', 'ua');
    const p = await principalOf(one.token);
    await expect(auth.changeOwnPassword(p, 'wrong', 'brand-new-pw', 'ip')).rejects.toMatchObject({ status: 400 });
    await expect(auth.changeOwnPassword(p, 'vera-password', 'short', 'ip')).rejects.toThrow(/at least 8/);
    await auth.changeOwnPassword(p, 'vera-password', 'brand-new-pw', 'ip');
    expect((await principalOf(one.token)).kind).toBe('user');
    expect((await principalOf(two.token)).kind).toBe('anonymous');
    expect(revoked.at(-1)?.sessionHashes).toHaveLength(1);
  });
});

describe('login throttling', () => {
  beforeEach(async () => {
    await auth.createUser({ login: 'vera', role: 'viewer', password: 'vera-password' }, by);
  });

  it('locks an account after five failures, says until when, and unlocks after the lock', async () => {
    for (let i = 1; i <= 4; i++)
      await expect(auth.login('vera', 'nope', `10.0.0.${i}`, '')).rejects.toMatchObject({ status: 401 });
    const fifth = await auth.login('vera', 'nope', '10.0.0.5', '').catch((e: Error) => e);
    expect(fifth).toMatchObject({ status: 429, retryAfterSeconds: 300 });
    expect((fifth as Error).message).toBe(
      'Too many failed logins: this account is locked until 2026-11-30T12:05:00Z (about 5 min)',
    );
    // The right password is refused while locked, from any address.
    await expect(auth.login('vera', 'vera-password', '10.9.9.9', '')).rejects.toMatchObject({ status: 429 });
    clock.now += 5 * 60_000;
    await expect(auth.login('vera', 'vera-password', '10.9.9.9', '')).resolves.toBeDefined();
    const types = (await store.audit.list({ limit: 20 })).map((e) => e.type);
    expect(types.filter((t) => t === 'login.failed')).toHaveLength(5);
    expect(types).toContain('login.locked');
    expect(types[0]).toBe('login.ok');
  });

  it('locks an address that tries many accounts', async () => {
    await make({ PULSEBOARD_LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
    for (const login of ['a', 'b'])
      await expect(auth.login(login, 'x', '6.6.6.6', '')).rejects.toMatchObject({ status: 401 });
    await expect(auth.login('c', 'x', '6.6.6.6', '')).rejects.toThrow(/from your address/);
    await expect(auth.login('vera', 'vera-password', '6.6.6.6', '')).rejects.toMatchObject({ status: 429 });
    await expect(auth.login('vera', 'vera-password', '7.7.7.7', '')).resolves.toBeDefined();
  });

  it('refuses oversized input before hashing anything', async () => {
    await expect(auth.login('x'.repeat(65), 'pw', 'ip', '')).rejects.toMatchObject({ status: 400 });
    await expect(auth.login('vera', 'x'.repeat(257), 'ip', '')).rejects.toMatchObject({ status: 400 });
  });
});

describe('API tokens', () => {
  it('resolve by their secret until revoked or expired; the store holds only the hash', async () => {
    const t = await auth.createToken({ name: 'ci', role: 'editor', expiresAt: T0 + 60_000 }, by);
    expect(t.token).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await store.tokens.list())).not.toContain(t.token);
    expect(await auth.resolve(`Bearer ${t.token}`, undefined)).toMatchObject({
      principal: { kind: 'token', role: 'editor', tokenId: t.id },
    });
    clock.now += 60_000;
    expect(await auth.resolve(`Bearer ${t.token}`, undefined)).toMatchObject({ refusal: { status: 401 } });

    const u = await auth.createToken({ name: 'ci2', role: 'viewer' }, by);
    expect(await auth.stillValid({ kind: 'token', tokenId: u.id })).toBe(true);
    await auth.revokeToken(u.id, by);
    expect(await auth.stillValid({ kind: 'token', tokenId: u.id })).toBe(false);
    expect(revoked).toEqual([{ tokenId: u.id }]);
    expect(await auth.resolve(`Bearer ${u.token}`, undefined)).toMatchObject({ refusal: { status: 401 } });
    expect(await auth.resolve('Basic abc', undefined)).toMatchObject({ refusal: { status: 401 } });
  });

  it('records the last use', async () => {
    const t = await auth.createToken({ name: 'ci', role: 'viewer' }, by);
    await auth.resolve(`Bearer ${t.token}`, undefined);
    await new Promise((r) => setTimeout(r, 50)); // the touch is not awaited by the request
    expect((await store.tokens.list())[0].lastUsedAt).toBe(T0);
  });

  it('PULSEBOARD_ADMIN_TOKEN acts as a bootstrap admin', async () => {
    await make({ PULSEBOARD_ADMIN_TOKEN: 'boot-secret' });
    expect(await auth.resolve('Bearer boot-secret', undefined)).toMatchObject({
      principal: { kind: 'bootstrap', role: 'admin' },
    });
    expect(await auth.resolve('Bearer boot-secreT', undefined)).toMatchObject({ refusal: { status: 401 } });
  });
});

describe('users', () => {
  it('keep one active admin, refuse duplicates and bad logins, and audit every change', async () => {
    await auth.ensureAdmin('admin-password');
    const admin = (await store.users.getByLogin('admin'))!;
    await expect(auth.updateUser(admin.id, { role: 'viewer' }, by)).rejects.toMatchObject({ status: 409 });
    await expect(auth.updateUser(admin.id, { disabled: true }, by)).rejects.toThrow(/last active admin/);
    await expect(auth.createUser({ login: 'ADMIN', role: 'viewer', password: 'password1' }, by)).rejects.toMatchObject({
      status: 409,
    });
    await expect(auth.createUser({ login: 'a b', role: 'viewer', password: 'password1' }, by)).rejects.toMatchObject({
      status: 400,
    });
    const second = await auth.createUser({ login: 'root2', role: 'admin', password: 'password2' }, by);
    await auth.updateUser(admin.id, { role: 'editor' }, by);
    expect(revoked.at(-1)).toEqual({ userId: admin.id, reconnect: true });
    expect(JSON.stringify(await auth.listUsers())).not.toContain('argon2');
    const audit = await store.audit.list({ limit: 10 });
    expect(audit[0]).toMatchObject({
      type: 'user.updated',
      actor: 'PULSEBOARD_ADMIN_TOKEN',
      subject: 'admin',
      detail: { role: 'editor' },
    });
    expect(audit[1]).toMatchObject({ type: 'user.created', subject: second.login });
  });
});

describe('anonymous viewing', () => {
  it('is viewer on loopback, off elsewhere, and what PULSEBOARD_ANONYMOUS says when set', () => {
    expect(authConfigFromEnv({}).anonymous).toBe(true);
    expect(authConfigFromEnv({ HOST: '::1' }).anonymous).toBe(true);
    expect(authConfigFromEnv({ HOST: '0.0.0.0' }).anonymous).toBe(false);
    expect(authConfigFromEnv({ HOST: '192.168.1.5' }).anonymous).toBe(false);
    expect(authConfigFromEnv({ HOST: '0.0.0.0', PULSEBOARD_ANONYMOUS: 'viewer' }).anonymous).toBe(true);
    expect(authConfigFromEnv({ PULSEBOARD_ANONYMOUS: 'off' }).anonymous).toBe(false);
    expect(() => authConfigFromEnv({ PULSEBOARD_ANONYMOUS: 'editor' })).toThrow(/must be "viewer" or "off"/);
    expect(() => authConfigFromEnv({ PULSEBOARD_SESSION_IDLE: 'soon' })).toThrow(/PULSEBOARD_SESSION_IDLE/);
  });
});
