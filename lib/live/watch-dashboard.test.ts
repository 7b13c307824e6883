/**
 * The collaboration hint's server half: the dashboard library publishes every save, restore and delete (its own, and
 * other instances' at its refresh), and `/api/live` tells the editors who watch that dashboard, never the document;
 * viewers and embeds may not watch.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openMetaStore } from '../store/open';
import type { MetaStore } from '../store/types';
import { DashboardLibrary, type DashboardChange } from '../dashboards/library';
import { DashboardStore } from '../dashboards/store';
import { decide, LIVE_MESSAGE_ACCESS } from '../auth/access';
import type { GateGrant } from '../auth/principal-header';
import { LiveHub } from './hub';
import { QueryExecutor } from '../query/execute';
import { createLiveServer } from './attach-ws';
import { statDashboard } from '../testing/dashboard-doc';

const doc = (uid: string, title: string) => statDashboard(uid, title, 'SELECT 1 AS secret_sql_marker');

let dir: string;
let store: MetaStore;
let clock: number;

async function library(): Promise<DashboardLibrary> {
  const lib = new DashboardLibrary(store, DashboardStore.fromDirectories([]), undefined, () => clock);
  await lib.load();
  return lib;
}

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-watch-'));
  store = await openMetaStore({ PULSEBOARD_DATA_DIR: dir });
  clock = Date.UTC(2026, 10, 30, 10, 42);
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('DashboardLibrary changes', () => {
  it('publishes saves, restores and deletes with who and which version', async () => {
    const lib = await library();
    const seen: DashboardChange[] = [];
    const off = lib.onChange((c) => seen.push(c));
    await lib.create(doc('d', 'One'), 'ana');
    clock += 1000;
    await lib.update('d', doc('d', 'Two'), 1, 'bob');
    await lib.restore('d', 1, 'ana');
    await lib.remove('d', 'bob');
    off();
    await lib.create(doc('e', 'Unheard'), 'ana');
    const at = Date.UTC(2026, 10, 30, 10, 42);
    expect(seen).toEqual([
      { type: 'dashboard-saved', uid: 'd', version: 1, by: 'ana', at },
      { type: 'dashboard-saved', uid: 'd', version: 2, by: 'bob', at: at + 1000 },
      { type: 'dashboard-saved', uid: 'd', version: 3, by: 'ana', at: at + 1000 },
      { type: 'dashboard-deleted', uid: 'd', by: 'bob', at: at + 1000 },
    ]);
    expect(lib.head('e')).toEqual({ version: 1, by: 'ana', at: at + 1000 });
    expect(lib.head('d')).toBeUndefined();
  });

  it("publishes another instance's saves and deletes when its refresh sees them", async () => {
    const one = await library();
    const two = await library();
    const seen: DashboardChange[] = [];
    two.onChange((c) => seen.push(c));
    await one.create(doc('d', 'One'), 'ana');
    await two.refresh();
    await one.update('d', doc('d', 'Two'), 1, 'ana');
    await two.refresh();
    await two.refresh();
    await one.remove('d', 'ana');
    await two.refresh();
    expect(seen.map((c) => [c.type, 'version' in c ? c.version : '-', c.by])).toEqual([
      ['dashboard-saved', 1, 'ana'],
      ['dashboard-saved', 2, 'ana'],
      // Who deleted it is not in the store any more.
      ['dashboard-deleted', '-', null],
    ]);
  });
});

describe('watch-dashboard over /api/live', () => {
  let server: http.Server;
  let hub: LiveHub;
  let lib: DashboardLibrary;
  let url: string;

  const grants: Record<string, GateGrant> = {
    editor: { kind: 'user', role: 'editor', userId: 1, login: 'ana', embedOnly: false },
    admin: { kind: 'user', role: 'admin', userId: 2, login: 'root', embedOnly: false },
    viewer: { kind: 'user', role: 'viewer', userId: 3, login: 'vic', embedOnly: false },
    embed: { kind: 'anonymous', embedOnly: true },
  };

  async function start(withAccess = true) {
    lib = await library();
    await lib.create(doc('d', 'One'), 'bob');
    hub = new LiveHub({
      prepare: () => Promise.reject(new Error('no panels here')),
      executor: new QueryExecutor(),
    });
    const live = createLiveServer(hub, undefined, {
      dashboards: lib,
      access: withAccess
        ? {
            // The connecting client names its role in the URL (a test stand-in for the session).
            upgrade: async (req) => ({ grant: grants[new URL(req.url!, 'http://x').searchParams.get('as')!] }),
            subscribe: () => ({ allow: true, embedOnly: false }),
            watch(grant) {
              const d = decide(LIVE_MESSAGE_ACCESS['watch-dashboard'], grant);
              return d.allow ? { allow: true } : { allow: false, message: d.message };
            },
            onRevoke: () => undefined,
          }
        : undefined,
    });
    server = http.createServer();
    server.on('upgrade', (req, socket, head) => {
      if (!live.handleUpgrade(req, socket, head)) socket.destroy();
    });
    server.on('close', () => live.close());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;
  }

  afterEach(async () => {
    hub.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  async function connect(as: string) {
    const ws = new WebSocket(`${url}?as=${as}`);
    const msgs: Array<Record<string, unknown>> = [];
    const raw: string[] = [];
    ws.on('message', (d) => {
      raw.push(d.toString());
      msgs.push(JSON.parse(d.toString()) as Record<string, unknown>);
    });
    await new Promise((r) => ws.once('open', r));
    const waitFor = async (pred: (m: Record<string, unknown>) => boolean) => {
      for (let i = 0; i < 100; i++) {
        const m = msgs.find(pred);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching message in ${JSON.stringify(msgs)}`);
    };
    const watch = (id: string, uid = 'd', version?: number) =>
      ws.send(JSON.stringify({ type: 'watch-dashboard', id, uid, ...(version === undefined ? {} : { version }) }));
    return { ws, msgs, raw, waitFor, watch };
  }

  it('tells editors and admins who saved which version, never the document', async () => {
    await start();
    const ana = await connect('editor');
    const root = await connect('admin');
    ana.watch('w1', 'd', 1);
    root.watch('w9');
    await new Promise((r) => setTimeout(r, 50));
    await lib.update('d', doc('d', 'Two'), 1, 'bob');
    const at = clock;
    expect(await ana.waitFor((m) => m.type === 'dashboard-saved')).toEqual({
      type: 'dashboard-saved',
      id: 'w1',
      uid: 'd',
      version: 2,
      by: 'bob',
      at,
    });
    expect(await root.waitFor((m) => m.type === 'dashboard-saved')).toMatchObject({ id: 'w9', version: 2 });
    await lib.remove('d', 'bob');
    expect(await ana.waitFor((m) => m.type === 'dashboard-deleted')).toEqual({
      type: 'dashboard-deleted',
      id: 'w1',
      uid: 'd',
      by: 'bob',
      at,
    });
    expect(ana.raw.join('\n')).not.toContain('secret_sql_marker');
    ana.ws.close();
    root.ws.close();
  });

  it('refuses viewers, embeds and a server without access rules', async () => {
    await start();
    for (const as of ['viewer', 'embed']) {
      const c = await connect(as);
      c.watch('w1');
      expect(await c.waitFor((m) => m.type === 'error')).toMatchObject({
        id: 'w1',
        message: expect.stringMatching(/editor/),
      });
      await lib.update('d', doc('d', `by ${as}`), lib.head('d')!.version, 'bob');
      await new Promise((r) => setTimeout(r, 50));
      expect(c.msgs.filter((m) => m.type === 'dashboard-saved')).toEqual([]);
      c.ws.close();
    }
  });

  it('refuses every watch when the server has no access rules (sockets are viewers)', async () => {
    await start(false);
    const c = await connect('editor');
    c.watch('w1');
    expect(await c.waitFor((m) => m.type === 'error')).toMatchObject({ id: 'w1', message: /editor role/ });
    c.ws.close();
  });

  it('tells at once of a version newer than the one opened; an unknown dashboard is an error', async () => {
    await start();
    await lib.update('d', doc('d', 'Two'), 1, 'bob');
    const c = await connect('editor');
    c.watch('w1', 'd', 1);
    expect(await c.waitFor((m) => m.type === 'dashboard-saved')).toMatchObject({ id: 'w1', version: 2, by: 'bob' });
    c.watch('w2', 'd', 2);
    c.watch('w3', 'nope', 1);
    expect(await c.waitFor((m) => m.type === 'error')).toMatchObject({
      id: 'w3',
      message: 'Dashboard "nope" not found',
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(c.msgs.filter((m) => m.id === 'w2')).toEqual([]);
    c.ws.close();
  });

  it('stops telling after unsubscribe, and after the socket closes', async () => {
    await start();
    const c = await connect('editor');
    c.watch('w1');
    await new Promise((r) => setTimeout(r, 50));
    c.ws.send(JSON.stringify({ type: 'unsubscribe', id: 'w1' }));
    await new Promise((r) => setTimeout(r, 50));
    await lib.update('d', doc('d', 'Two'), 1, 'bob');
    await new Promise((r) => setTimeout(r, 50));
    expect(c.msgs.filter((m) => m.type === 'dashboard-saved')).toEqual([]);
    c.ws.close();
  });
});
