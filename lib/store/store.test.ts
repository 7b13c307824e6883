/**
 * One suite, run on both engines: SQLite in a temporary directory, and PostgreSQL on a real server
 * (postgres://postgres@127.0.0.1:5432/postgres, or PULSEBOARD_TEST_PG_URL) in a database of its own per test, dropped
 * at the end. Without a server the PostgreSQL half skips and says why.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration } from './migrations';
import { openDb, openMetaStore } from './open';
import type { Db, DbKind } from './sql';
import type { DashboardSave, MetaStore, NewUser, Session } from './types';

type Env = Record<string, string | undefined>;

const PG_SERVER = process.env.PULSEBOARD_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const RUN = `pulseboard_test_${crypto.randomBytes(4).toString('hex')}`;

async function probePg(): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const pgUnavailable = await probePg();
if (pgUnavailable)
  console.warn(
    `[store.test] PostgreSQL half SKIPPED: no server at ${new URL(PG_SERVER).host} (${pgUnavailable}). Start PostgreSQL or set PULSEBOARD_TEST_PG_URL.`,
  );

const tmpDirs: string[] = [];
const pgDatabases: string[] = [];
let pgCount = 0;

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** An environment naming an empty database of `kind`; `password` goes into a PostgreSQL URL (trust auth ignores it). */
async function freshEnv(kind: DbKind, password?: string): Promise<Env> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-store-'));
    tmpDirs.push(dir);
    return { PULSEBOARD_DATA_DIR: dir };
  }
  const name = `${RUN}_${++pgCount}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  pgDatabases.push(name);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  if (password) url.password = password;
  return { PULSEBOARD_DATABASE_URL: url.toString() };
}

afterAll(async () => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  for (const name of pgDatabases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

const alice: NewUser = { login: 'Alice', name: 'Alice A.', role: 'admin', passwordHash: '$argon2id$alice' };
const bob: NewUser = { login: 'bob', name: 'Bob B.', role: 'viewer', passwordHash: '$argon2id$bob' };
const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z: beyond 2^31, so BIGINT columns must come back whole

const engines = [
  { kind: 'sqlite' as const, skip: false },
  { kind: 'postgres' as const, skip: !!pgUnavailable },
];

describe.each(engines)('metadata store on $kind', ({ kind, skip }) => {
  const open: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(x: T): T => {
    open.push(x);
    return x;
  };
  const store = async (env?: Env, opts?: Parameters<typeof openMetaStore>[1]) =>
    track(await openMetaStore(env ?? (await freshEnv(kind)), opts));
  const rawDb = (env: Env): Db => track(openDb(env).db);

  afterEach(async () => {
    await Promise.all(open.splice(0).map((x) => x.close()));
  });

  describe.skipIf(skip)(kind, () => {
    it('opens the engine it is named for, at a location without the password', async () => {
      const env = await freshEnv(kind, 's3cr3t-pw');
      const s = await store(env);
      expect(s.kind).toBe(kind);
      expect(s.location).not.toContain('s3cr3t-pw');
      if (kind === 'sqlite') expect(s.location).toBe(path.join(env.PULSEBOARD_DATA_DIR!, 'pulseboard.db'));
      else expect(s.location).toMatch(new RegExp(`^postgres://[^@/]+:\\d+/${RUN}_\\d+$`));
    });

    it('migrates once: re-opening applies nothing and keeps the data', async () => {
      const env = await freshEnv(kind);
      const first = await store(env);
      await first.users.create(alice, T0);
      await first.close();
      const again = await store(env);
      expect((await again.users.getByLogin('alice'))?.name).toBe('Alice A.');
      const rows = await rawDb(env).all<{ version: number; name: string; applied_at: number }>(
        'SELECT version, name, applied_at FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => [r.version, r.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
      expect(typeof rows[0].applied_at).toBe('number');
    });

    it('two instances starting together on one empty database both open', async () => {
      const env = await freshEnv(kind);
      const [a, b] = await Promise.all([store(env), store(env)]);
      await a.users.create(alice, T0);
      expect((await b.users.list()).map((u) => u.login)).toEqual(['alice']);
    });

    it('a failed migration names itself and leaves the database as before it', async () => {
      const env = await freshEnv(kind);
      await (await store(env)).close();
      const next = MIGRATIONS.at(-1)!.version + 1;
      const broken: Migration[] = [
        ...MIGRATIONS,
        { version: next, name: 'half_done', up: ['CREATE TABLE half_done (x INTEGER)', 'CREATE TABLE oops ('] },
      ];
      const err = await store(env, { migrations: broken }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(
        new RegExp(`^Migration ${next} \\(half_done\\) failed: .*(syntax|end of input|incomplete)`, 'i'),
      );
      const db = rawDb(env);
      await expect(db.all('SELECT x FROM half_done')).rejects.toThrow(/half_done/);
      const rows = await db.all<{ version: number }>('SELECT version FROM schema_migrations');
      expect(rows.map((r) => r.version).sort()).toEqual(MIGRATIONS.map((m) => m.version));
      // The shipped schema still opens.
      expect((await store(env)).kind).toBe(kind);
    });

    it('a failed first migration leaves no table behind', async () => {
      const env = await freshEnv(kind);
      const broken: Migration[] = [{ version: 1, name: 'accounts', up: [MIGRATIONS[0].up[0], 'CREATE TABLE ('] }];
      await expect(store(env, { migrations: broken })).rejects.toThrow(/^Migration 1 \(accounts\) failed: /);
      const db = rawDb(env);
      await expect(db.all('SELECT id FROM users')).rejects.toThrow(/users/);
      expect(await db.all('SELECT version FROM schema_migrations')).toEqual([]);
    });

    describe('dashboards', () => {
      const doc = (title: string) => JSON.stringify({ uid: 'd1', title, panels: [] });
      const save = (over: Partial<DashboardSave> = {}): DashboardSave => ({
        uid: 'd1',
        title: 'One',
        json: doc('One'),
        author: 'alice',
        message: 'first',
        provisioned: false,
        provisionedFile: null,
        base: null,
        ...over,
      });

      it('keeps every version with author, time and message, and refuses a save based on an old one', async () => {
        const s = await store();
        const first = await s.dashboards.save(save(), T0);
        expect(first).toMatchObject({ saved: { uid: 'd1', version: 1, createdBy: 'alice', updatedAt: T0 } });
        expect(await s.dashboards.save(save(), T0)).toMatchObject({ conflict: 'exists', current: { version: 1 } });
        const second = await s.dashboards.save(
          save({ title: 'Two', json: doc('Two'), author: 'bob', message: 'renamed', base: 1 }),
          T0 + 1000,
        );
        expect(second).toMatchObject({ saved: { version: 2, title: 'Two', createdBy: 'alice', updatedBy: 'bob' } });
        // Someone else saved version 2 meanwhile: a save based on 1 is refused and nothing changes.
        const stale = await s.dashboards.save(save({ title: 'Stale', base: 1 }), T0 + 2000);
        expect(stale).toMatchObject({ conflict: 'version', current: { version: 2, updatedBy: 'bob' } });
        expect((await s.dashboards.get('d1'))?.title).toBe('Two');
        expect(await s.dashboards.versions('d1')).toEqual([
          { uid: 'd1', version: 2, author: 'bob', createdAt: T0 + 1000, message: 'renamed' },
          { uid: 'd1', version: 1, author: 'alice', createdAt: T0, message: 'first' },
        ]);
        expect(JSON.parse((await s.dashboards.version('d1', 1))!.json).title).toBe('One');
        expect(await s.dashboards.version('d1', 3)).toBeUndefined();
        // Overwrite: whatever the version.
        expect(await s.dashboards.save(save({ base: 'any', message: 'forced' }), T0 + 3000)).toMatchObject({
          saved: { version: 3 },
        });
      });

      it('lets exactly one of several saves based on the same version through', async () => {
        const s = await store();
        await s.dashboards.save(save(), T0);
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => s.dashboards.save(save({ title: `T${i}`, base: 1 }), T0 + i)),
        );
        expect(results.filter((r) => 'saved' in r)).toHaveLength(1);
        expect((await s.dashboards.versions('d1')).map((v) => v.version)).toEqual([2, 1]);
      });

      it('deletes a dashboard with its versions; a new one with the uid starts at version 1', async () => {
        const s = await store();
        await s.dashboards.save(save({ provisioned: true, provisionedFile: 'sales.json' }), T0);
        expect(await s.dashboards.get('d1')).toMatchObject({ provisioned: true, provisionedFile: 'sales.json' });
        expect(await s.dashboards.delete('d1')).toBe(true);
        expect(await s.dashboards.delete('d1')).toBe(false);
        expect(await s.dashboards.versions('d1')).toEqual([]);
        expect(await s.dashboards.save(save(), T0)).toMatchObject({ saved: { version: 1, provisioned: false } });
        expect((await s.dashboards.list()).map((d) => d.uid)).toEqual(['d1']);
        expect(await s.dashboards.heads()).toEqual([{ uid: 'd1', version: 1 }]);
      });
    });

    it('refuses a database migrated by a newer Pulseboard', async () => {
      const env = await freshEnv(kind);
      await (await store(env)).close();
      const db = rawDb(env);
      await db.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [99, 'future', T0]);
      await expect(store(env)).rejects.toThrow(
        new RegExp(`schema version 99, newer than this Pulseboard knows \\(${MIGRATIONS.at(-1)!.version}\\)`),
      );
    });

    it('transactions commit, roll back, and nest as savepoints', async () => {
      const env = await freshEnv(kind);
      await (await store(env)).close();
      const db = rawDb(env);
      const add = (q: Db, key: string) =>
        q.run('INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 0, ?)', [key, T0]);
      await expect(
        db.tx(async (t) => {
          await add(t, 'rolled-back');
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await db.tx(async (t) => {
        await add(t, 'outer');
        await t.tx(async (inner) => add(inner, 'inner')).catch(() => undefined);
        await t
          .tx(async (inner) => {
            await add(inner, 'inner-undone');
            throw new Error('undo inner only');
          })
          .catch(() => undefined);
      });
      const keys = await db.all<{ key: string }>('SELECT key FROM login_throttle ORDER BY key');
      expect(keys.map((k) => k.key)).toEqual(['inner', 'outer']);
    });

    describe('users', () => {
      it('creates, reads by id and by login case-insensitively, lists', async () => {
        const s = await store();
        const a = await s.users.create(alice, T0);
        expect(a).toEqual({
          id: expect.any(Number),
          login: 'alice',
          name: 'Alice A.',
          role: 'admin',
          disabled: false,
          passwordHash: '$argon2id$alice',
          createdAt: T0,
          updatedAt: T0,
          lastLoginAt: null,
        });
        const b = await s.users.create(bob, T0 + 1);
        expect(await s.users.get(a.id)).toEqual(a);
        expect(await s.users.getByLogin('ALICE')).toEqual(a);
        expect(await s.users.get(9999)).toBeUndefined();
        expect(await s.users.getByLogin('nobody')).toBeUndefined();
        expect(await s.users.list()).toEqual([a, b]);
      });

      it('refuses a duplicate login, whatever its case, with code duplicate', async () => {
        const s = await store();
        await s.users.create(alice, T0);
        const err = await s.users.create({ ...bob, login: 'ALICE' }, T0).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'duplicate', status: 409 });
        expect((err as Error).message).toContain('alice');
        expect(await s.users.list()).toHaveLength(1);
      });

      it('updates each field, moves updatedAt, and answers undefined for an unknown id', async () => {
        const s = await store();
        const a = await s.users.create(alice, T0);
        const patch = {
          name: 'Alice Z.',
          role: 'editor' as const,
          disabled: true,
          passwordHash: '$argon2id$new',
          lastLoginAt: T0 + 5,
        };
        const u = await s.users.update(a.id, patch, T0 + 10);
        expect(u).toEqual({ ...a, ...patch, updatedAt: T0 + 10 });
        expect(await s.users.get(a.id)).toEqual(u);
        expect(await s.users.update(a.id, { disabled: false }, T0 + 20)).toMatchObject({
          disabled: false,
          name: 'Alice Z.',
          updatedAt: T0 + 20,
        });
        expect(await s.users.update(9999, { name: 'x' }, T0)).toBeUndefined();
      });

      it('counts enabled admins only', async () => {
        const s = await store();
        expect(await s.users.countActiveAdmins()).toBe(0);
        const a = await s.users.create(alice, T0);
        await s.users.create({ ...bob, role: 'admin' }, T0);
        await s.users.create({ ...bob, login: 'carol', role: 'editor' }, T0);
        expect(await s.users.countActiveAdmins()).toBe(2);
        await s.users.update(a.id, { disabled: true }, T0);
        expect(await s.users.countActiveAdmins()).toBe(1);
      });
    });

    describe('sessions', () => {
      const session = (userId: number, idHash: string, at = T0): Session => ({
        idHash,
        userId,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + 1000,
        ip: '127.0.0.1',
        userAgent: 'vitest',
      });

      it('creates, reads, touches and deletes one', async () => {
        const s = await store();
        const u = await s.users.create(alice, T0);
        await s.sessions.create(session(u.id, 'h1'));
        expect(await s.sessions.get('h1')).toEqual(session(u.id, 'h1'));
        await s.sessions.touch('h1', T0 + 50);
        expect((await s.sessions.get('h1'))?.lastSeenAt).toBe(T0 + 50);
        await s.sessions.delete('h1');
        expect(await s.sessions.get('h1')).toBeUndefined();
        expect(await s.sessions.get('never')).toBeUndefined();
      });

      it('belongs to an existing user (foreign keys are enforced)', async () => {
        const s = await store();
        await expect(s.sessions.create(session(424242, 'orphan'))).rejects.toThrow(/foreign key/i);
        const u = await s.users.create(alice, T0);
        await s.sessions.create(session(u.id, 'h1'));
        await expect(s.sessions.create(session(u.id, 'h1'))).rejects.toMatchObject({ code: 'duplicate' });
      });

      it('deletes every session of one user and returns their hashes', async () => {
        const s = await store();
        const a = await s.users.create(alice, T0);
        const b = await s.users.create(bob, T0);
        for (const h of ['a1', 'a2']) await s.sessions.create(session(a.id, h));
        await s.sessions.create(session(b.id, 'b1'));
        expect((await s.sessions.deleteForUser(a.id)).sort()).toEqual(['a1', 'a2']);
        expect(await s.sessions.deleteForUser(a.id)).toEqual([]);
        expect(await s.sessions.get('b1')).toBeDefined();
      });

      it('keeps the one session it is told to keep (a password change ends the others)', async () => {
        const s = await store();
        const a = await s.users.create(alice, T0);
        for (const h of ['a1', 'a2', 'a3']) await s.sessions.create(session(a.id, h));
        expect((await s.sessions.deleteForUser(a.id, 'a2')).sort()).toEqual(['a1', 'a3']);
        expect(await s.sessions.get('a2')).toBeDefined();
      });

      it('deletes the idle and the expired, and keeps the rest', async () => {
        const s = await store();
        const u = await s.users.create(alice, T0);
        await s.sessions.create({ ...session(u.id, 'idle'), lastSeenAt: T0 - 1 });
        await s.sessions.create({ ...session(u.id, 'expired'), lastSeenAt: T0 + 900, expiresAt: T0 + 500 });
        await s.sessions.create({ ...session(u.id, 'expires-now'), lastSeenAt: T0 + 900, expiresAt: T0 + 600 });
        await s.sessions.create({ ...session(u.id, 'live'), lastSeenAt: T0, expiresAt: T0 + 601 });
        expect(await s.sessions.deleteExpired(T0 + 600, T0)).toBe(3);
        expect(await s.sessions.get('live')).toBeDefined();
        expect(await s.sessions.deleteExpired(T0 + 600, T0)).toBe(0);
      });
    });

    describe('tokens', () => {
      it('creates, finds by hash, lists, touches, and revokes once', async () => {
        const s = await store();
        const u = await s.users.create(alice, T0);
        const t1 = await s.tokens.create(
          { name: 'ci', role: 'editor', tokenHash: 'th1', createdBy: u.id, expiresAt: T0 + 10_000 },
          T0,
        );
        expect(t1).toEqual({
          id: expect.any(Number),
          name: 'ci',
          role: 'editor',
          tokenHash: 'th1',
          createdBy: u.id,
          createdAt: T0,
          expiresAt: T0 + 10_000,
          lastUsedAt: null,
          revokedAt: null,
        });
        const t2 = await s.tokens.create(
          { name: 'kiosk', role: 'viewer', tokenHash: 'th2', createdBy: null, expiresAt: null },
          T0,
        );
        expect(await s.tokens.getByHash('th1')).toEqual(t1);
        expect(await s.tokens.getByHash('nope')).toBeUndefined();
        expect(await s.tokens.get(t2.id)).toEqual(t2);
        expect(await s.tokens.get(424242)).toBeUndefined();
        expect(await s.tokens.list()).toEqual([t1, t2]);
        await s.tokens.touch(t1.id, T0 + 7);
        expect((await s.tokens.getByHash('th1'))?.lastUsedAt).toBe(T0 + 7);
        expect(await s.tokens.revoke(t1.id, T0 + 8)).toMatchObject({ revokedAt: T0 + 8, lastUsedAt: T0 + 7 });
        expect((await s.tokens.revoke(t1.id, T0 + 9))?.revokedAt).toBe(T0 + 8);
        expect(await s.tokens.revoke(9999, T0)).toBeUndefined();
      });

      it('refuses a second token with the same hash', async () => {
        const s = await store();
        const t = { name: 'a', role: 'viewer' as const, tokenHash: 'same', createdBy: null, expiresAt: null };
        await s.tokens.create(t, T0);
        await expect(s.tokens.create({ ...t, name: 'b' }, T0)).rejects.toMatchObject({ code: 'duplicate' });
      });
    });

    describe('audit', () => {
      it('appends and lists newest first, pages with before, keeps detail as JSON', async () => {
        const s = await store();
        const detail = { reason: 'bad password', attempts: 3, nested: { ok: false, list: [1, 'two'] } };
        await s.audit.append({ at: T0, type: 'login.failed', actor: null, subject: 'alice', ip: '10.0.0.1', detail });
        for (let i = 1; i <= 4; i++)
          await s.audit.append({
            at: T0 + i,
            type: 'user.updated',
            actor: 'root',
            subject: `u${i}`,
            ip: null,
            detail: {},
          });
        const all = await s.audit.list({ limit: 10 });
        expect(all.map((e) => e.at)).toEqual([T0 + 4, T0 + 3, T0 + 2, T0 + 1, T0]);
        expect(all[4]).toEqual({
          id: expect.any(Number),
          at: T0,
          type: 'login.failed',
          actor: null,
          subject: 'alice',
          ip: '10.0.0.1',
          detail,
        });
        const page1 = await s.audit.list({ limit: 2 });
        const page2 = await s.audit.list({ limit: 2, before: page1[1].id });
        const page3 = await s.audit.list({ limit: 2, before: page2[1].id });
        expect([...page1, ...page2, ...page3]).toEqual(all);
        expect(await s.audit.list({ limit: 2, before: all[4].id })).toEqual([]);
      });
    });

    describe('throttle', () => {
      const rule = { windowMs: 1000, max: 3, lockMs: 5000 };

      it('counts failures in a window, locks at max, and clears', async () => {
        const s = await store();
        expect(await s.throttle.get('user:alice')).toBeUndefined();
        expect(await s.throttle.fail('user:alice', T0, rule)).toEqual({
          key: 'user:alice',
          failures: 1,
          windowStart: T0,
          lockedUntil: 0,
        });
        expect(await s.throttle.fail('user:alice', T0 + 10, rule)).toMatchObject({ failures: 2, lockedUntil: 0 });
        expect(await s.throttle.fail('user:alice', T0 + 20, rule)).toEqual({
          key: 'user:alice',
          failures: 3,
          windowStart: T0,
          lockedUntil: T0 + 20 + 5000,
        });
        expect(await s.throttle.get('user:alice')).toMatchObject({ failures: 3, lockedUntil: T0 + 5020 });
        expect(await s.throttle.get('ip:10.0.0.1')).toBeUndefined();
        await s.throttle.clear('user:alice');
        expect(await s.throttle.get('user:alice')).toBeUndefined();
      });

      it('starts a new window once the old one is over', async () => {
        const s = await store();
        await s.throttle.fail('k', T0, rule);
        await s.throttle.fail('k', T0 + 999, rule);
        expect(await s.throttle.fail('k', T0 + 1999, rule)).toEqual({
          key: 'k',
          failures: 1,
          windowStart: T0 + 1999,
          lockedUntil: 0,
        });
      });

      it('keeps a running lock across a new window, relocks each failure over max, drops an ended lock', async () => {
        const s = await store();
        for (const t of [0, 1, 2]) await s.throttle.fail('k', T0 + t, rule);
        expect(await s.throttle.fail('k', T0 + 1500, rule)).toMatchObject({ failures: 1, lockedUntil: T0 + 5002 });
        await s.throttle.fail('k', T0 + 1501, rule);
        expect(await s.throttle.fail('k', T0 + 1502, rule)).toMatchObject({ failures: 3, lockedUntil: T0 + 6502 });
        expect(await s.throttle.fail('k', T0 + 1503, rule)).toMatchObject({ failures: 4, lockedUntil: T0 + 6503 });
        expect(await s.throttle.fail('k', T0 + 9000, rule)).toMatchObject({ failures: 1, lockedUntil: 0 });
      });

      it('counts 20 failures at once as 20', async () => {
        const s = await store();
        const wide = { windowMs: 60_000, max: 100, lockMs: 1000 };
        const states = await Promise.all(
          Array.from({ length: 20 }, (_, i) => s.throttle.fail('ip:1.2.3.4', T0 + i, wide)),
        );
        expect(states.map((x) => x.failures).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, i) => i + 1),
        );
        // The window starts at the `now` of whichever call got there first.
        const after = await s.throttle.get('ip:1.2.3.4');
        expect(after?.failures).toBe(20);
        expect(after?.windowStart).toBeGreaterThanOrEqual(T0);
        expect(after?.windowStart).toBeLessThan(T0 + 20);
      });
    });
  });
});

describe('openMetaStore', () => {
  it('refuses a PULSEBOARD_DATABASE_URL that is not PostgreSQL, without echoing it', async () => {
    const err = await openMetaStore({ PULSEBOARD_DATABASE_URL: 'mysql://root:hunter2@db/x' }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/PULSEBOARD_DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect((err as Error).message).not.toContain('hunter2');
  });

  it.skipIf(!!pgUnavailable)('accepts postgresql:// as well', async () => {
    const env = await freshEnv('postgres');
    const s: MetaStore = await openMetaStore({
      PULSEBOARD_DATABASE_URL: env.PULSEBOARD_DATABASE_URL!.replace(/^postgres:/, 'postgresql:'),
    });
    expect(s.kind).toBe('postgres');
    await s.close();
  });
});
