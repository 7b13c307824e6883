import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMetaStore } from '../store/open';
import type { MetaStore } from '../store/types';
import { DashboardLibrary, VersionMismatch } from './library';
import { DashboardStore } from './store';
import { statDashboard } from '../testing/dashboard-doc';

const doc = (uid: string, title: string, extra: Record<string, unknown> = {}) =>
  statDashboard(uid, title, 'SELECT 1', extra);

/** The same suite on SQLite and on the real PostgreSQL (a database of its own, dropped after). */
const PG_SERVER = process.env.PULSEBOARD_TEST_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const RUN = `pulseboard_lib_${crypto.randomBytes(4).toString('hex')}`;
const created: string[] = [];

async function admin(sql: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_SERVER, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query(sql);
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const pgUp = await admin('SELECT 1');
if (!pgUp) console.warn('[library.test] PostgreSQL half SKIPPED: no server at 127.0.0.1:5432');

afterAll(async () => {
  for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe.each([
  { kind: 'sqlite', skip: false },
  { kind: 'postgres', skip: !pgUp },
])('dashboard library on $kind', ({ kind, skip }) => {
  let dir: string;
  let store: MetaStore;
  let env: Record<string, string>;
  let logs: string[];
  let clock: number;

  const writeFile = (name: string, d: unknown) =>
    fs.writeFileSync(path.join(dir, 'dashboards', name), JSON.stringify(d));
  /** A server start: files read, then loaded into the store. */
  async function start(): Promise<{ lib: DashboardLibrary; cache: DashboardStore }> {
    const cache = DashboardStore.fromDirectories([path.join(dir, 'dashboards')]);
    const lib = new DashboardLibrary(
      store,
      cache,
      (m) => logs.push(m),
      () => clock,
    );
    await lib.load();
    return { lib, cache };
  }

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-lib-'));
    fs.mkdirSync(path.join(dir, 'dashboards'));
    env = { PULSEBOARD_DATA_DIR: dir };
    if (kind === 'postgres' && !skip) {
      const name = `${RUN}_${created.length + 1}`;
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(PG_SERVER);
      url.pathname = `/${name}`;
      env.PULSEBOARD_DATABASE_URL = url.toString();
    }
    if (!skip) store = await openMetaStore(env);
    logs = [];
    clock = Date.UTC(2026, 10, 30);
  });

  afterEach(async () => {
    if (!skip) await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe.skipIf(skip)(kind, () => {
    it('loads provisioned files once, read-only, and a changed file as a new version', async () => {
      writeFile('sales.json', doc('sales', 'Sales'));
      let { lib, cache } = await start();
      expect(lib.metaOf('sales')).toMatchObject({ version: 1, provisioned: true, provisionedFile: 'sales.json' });
      expect(cache.get('sales')?.title).toBe('Sales');
      await expect(lib.update('sales', doc('sales', 'Mine'), 1, 'ed')).rejects.toMatchObject({
        status: 400,
        code: 'provisioned',
      });
      await expect(lib.remove('sales')).rejects.toThrow(/provisioned from sales\.json/);

      ({ lib } = await start()); // unchanged file: no new version
      expect(lib.metaOf('sales')?.version).toBe(1);
      writeFile('sales.json', doc('sales', 'Sales v2'));
      ({ lib, cache } = await start());
      expect(lib.metaOf('sales')).toMatchObject({ version: 2, updatedBy: 'provisioning' });
      expect(cache.get('sales')?.title).toBe('Sales v2');
      expect((await lib.versions('sales')).map((v) => v.message)).toEqual([
        'Changed in sales.json',
        'Provisioned from sales.json',
      ]);

      // The file is gone: the dashboard stays, editable.
      fs.rmSync(path.join(dir, 'dashboards', 'sales.json'));
      ({ lib } = await start());
      expect(lib.metaOf('sales')).toMatchObject({ provisioned: false, version: 3 });
      await expect(lib.update('sales', doc('sales', 'Mine'), 3, 'ed')).resolves.toMatchObject({ meta: { version: 4 } });
    });

    it('never lets a file overwrite a dashboard saved in Pulseboard', async () => {
      let { lib } = await start();
      await lib.create(doc('ops', 'Saved in the UI'), 'ed');
      writeFile('ops.json', doc('ops', 'From a file'));
      ({ lib } = await start());
      expect(lib.metaOf('ops')).toMatchObject({ provisioned: false, version: 1 });
      expect(logs.join('\n')).toMatch(/ops\.json has uid "ops", which a dashboard saved in Pulseboard already uses/);
    });

    it('saves versions with author and message, refuses a stale save with 412, restores as a new version', async () => {
      const { lib, cache } = await start();
      const made = await lib.create(doc('ops', 'Ops'), 'alice', 'first');
      expect(made.meta).toMatchObject({ version: 1, createdBy: 'alice' });
      await expect(lib.create(doc('ops', 'Again'), 'bob')).rejects.toMatchObject({ status: 409 });
      clock += 1000;
      await lib.update('ops', doc('ops', 'Ops 2'), 1, 'bob', 'renamed');
      // Alice still has version 1 open.
      const stale = await lib.update('ops', doc('ops', 'Alice'), 1, 'alice').catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(VersionMismatch);
      expect(stale).toMatchObject({ status: 412, current: { version: 2, updatedBy: 'bob' } });
      expect(cache.get('ops')?.title).toBe('Ops 2');
      // She chose to overwrite.
      await lib.update('ops', doc('ops', 'Alice'), 'any', 'alice', 'overwrote');
      expect((await lib.versions('ops')).map((v) => [v.version, v.author, v.message])).toEqual([
        [3, 'alice', 'overwrote'],
        [2, 'bob', 'renamed'],
        [1, 'alice', 'first'],
      ]);
      const restored = await lib.restore('ops', 1, 'carol');
      expect(restored.meta.version).toBe(4);
      expect(cache.get('ops')).toMatchObject({ title: 'Ops', version: 4 });
      expect((await lib.version('ops', 4)).message).toBe('Restored version 1');
      await expect(lib.version('ops', 9)).rejects.toMatchObject({ status: 404 });
    });

    it('validates documents and names the bad path; the uid in the URL wins', async () => {
      const { lib } = await start();
      await expect(lib.create({ title: 'x', panels: 'no' }, 'ed')).rejects.toThrow(/Invalid dashboard at panels/);
      await expect(lib.create({ uid: 'a b', title: 'x', panels: [] }, 'ed')).rejects.toMatchObject({ status: 400 });
      const made = await lib.create({ title: 'No uid', panels: [] }, 'ed');
      expect(made.dashboard.uid).toMatch(/^[A-Za-z0-9_-]{9}$/);
      await expect(lib.update(made.dashboard.uid, doc('other', 'x'), 1, 'ed')).rejects.toThrow(/does not match/);
      await expect(lib.update('nope', doc('nope', 'x'), 1, 'ed')).rejects.toMatchObject({ status: 404 });
    });

    it("answers Grafana's POST /api/dashboards/db: create, save by version, overwrite", async () => {
      const { lib } = await start();
      const a = await lib.grafanaSave({ dashboard: doc('g', 'G') }, 'script');
      expect(a.meta.version).toBe(1);
      await expect(lib.grafanaSave({ dashboard: { ...doc('g', 'G2'), version: 1 } }, 'script')).resolves.toMatchObject({
        meta: { version: 2 },
      });
      await expect(lib.grafanaSave({ dashboard: { ...doc('g', 'G3'), version: 1 } }, 'script')).rejects.toMatchObject({
        status: 412,
      });
      await expect(lib.grafanaSave({ dashboard: doc('g', 'G4'), overwrite: true }, 'script')).resolves.toMatchObject({
        meta: { version: 3 },
      });
    });

    it('another instance on the same store takes in saves and deletes at its next refresh', async () => {
      const one = await start();
      const two = await start();
      await one.lib.create(doc('shared', 'Shared'), 'alice');
      expect(two.cache.get('shared')).toBeUndefined();
      expect(await two.lib.refresh()).toEqual(['shared']);
      expect(two.cache.get('shared')?.title).toBe('Shared');
      await two.lib.update('shared', doc('shared', 'Shared 2'), 1, 'bob');
      expect(await one.lib.refresh()).toEqual(['shared']);
      expect(one.lib.metaOf('shared')).toMatchObject({ version: 2, updatedBy: 'bob' });
      expect(await one.lib.refresh()).toEqual([]);
      await one.lib.remove('shared');
      await two.lib.refresh();
      expect(two.cache.get('shared')).toBeUndefined();
    });

    it('deletes a dashboard with its versions', async () => {
      const { lib, cache } = await start();
      await lib.create(doc('tmp', 'Tmp'), 'ed');
      await lib.remove('tmp');
      expect(cache.get('tmp')).toBeUndefined();
      await expect(lib.versions('tmp')).rejects.toMatchObject({ status: 404 });
      await expect(lib.remove('tmp')).rejects.toMatchObject({ status: 404 });
    });
  });
});
