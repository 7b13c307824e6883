import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveClient, type DashboardWatchEvent, type LiveSocket, type LiveState } from './live-client';
import { createLiveServer, type DashboardFeed } from '@/lib/live/attach-ws';
import { LiveHub } from '@/lib/live/hub';
import { QueryExecutor } from '@/lib/query/execute';
import { FakeSource, fakePanel } from '@/lib/testing/fake-source';
import type { QueryRequest } from '@/lib/query/protocol';
import type { DashboardChange } from '@/lib/dashboards/library';

let server: http.Server;
let hub: LiveHub;
let src: FakeSource;
let url: string;
let closeLive: () => void;

const REQ: QueryRequest = { dashboardUid: 'd', panelId: 1, range: { from: 'now-1h', to: 'now' } };
const KEY = JSON.stringify(['fake', { from: 'now-1h', to: 'now' }, 60_000]);

/** Dashboard `d`, saved by the tests with `save`: what `watch-dashboard` reports. */
let head: { version: number; by: string | null; at: number };
const changeListeners = new Set<(c: DashboardChange) => void>();
const feed: DashboardFeed = {
  onChange(l) {
    changeListeners.add(l);
    return () => changeListeners.delete(l);
  },
  head: (uid) => (uid === 'd' ? head : undefined),
};
function save(version: number, by: string) {
  head = { version, by, at: 1000 * version };
  for (const l of changeListeners) l({ type: 'dashboard-saved', uid: 'd', ...head });
}

beforeEach(async () => {
  src = new FakeSource();
  src.rows.push({ ts: Date.now() - 1000, sensor: 's1', value: 1 });
  head = { version: 1, by: 'ana', at: 1000 };
  hub = new LiveHub({ prepare: async () => fakePanel(src), executor: new QueryExecutor(), tickMs: 100, graceMs: 5000 });
  const editor = { kind: 'user' as const, role: 'editor' as const, login: 'ana', embedOnly: false };
  const live = createLiveServer(hub, undefined, {
    heartbeatMs: 100,
    dashboards: feed,
    // Every socket is an editor's: it may subscribe and watch dashboards.
    access: {
      upgrade: async () => ({ grant: editor }),
      subscribe: () => ({ allow: true, embedOnly: false }),
      watch: () => ({ allow: true }),
      onRevoke: () => undefined,
    },
  });
  closeLive = () => live.close();
  server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    if (!live.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;
});

afterEach(async () => {
  closeLive();
  hub.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** A `ws` socket whose incoming messages pass through `filter` first (false drops one). */
function filtered(filter: (msg: { type: string }) => boolean, opened: WebSocket[] = []): (u: string) => LiveSocket {
  return (u) => {
    const ws = new WebSocket(u);
    opened.push(ws);
    const sock: LiveSocket = {
      get readyState() {
        return ws.readyState;
      },
      onopen: null,
      onmessage: null,
      onclose: null,
      send: (d) => ws.send(d),
      close: () => ws.close(),
    };
    ws.on('open', () => sock.onopen?.());
    ws.on('close', () => sock.onclose?.());
    // Closing a socket that is still connecting: the browser's WebSocket only reports the close; `ws` also emits
    // an error, which unheard would fail the run.
    ws.on('error', () => {});
    ws.on('message', (d) => {
      if (filter(JSON.parse(d.toString()) as { type: string })) sock.onmessage?.({ data: d.toString() });
    });
    return sock;
  };
}

async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('LiveClient', () => {
  it('resubscribes from its seq when a heartbeat shows it missed a message, and ends equal to the server', async () => {
    let dropped = 0;
    const client = new LiveClient(
      url,
      filtered((m) => !(m.type === 'delta' && dropped++ === 0)),
    );
    let state: LiveState | undefined;
    client.subscribe(REQ, (s) => (state = s));
    await until(() => !!state?.hasSnapshot);
    src.rows.push({ ts: Date.now(), sensor: 's2', value: 5 }); // its delta is lost on the way
    await until(() => dropped > 0);
    await until(() => JSON.stringify(state?.frames) === JSON.stringify(hub.framesOf(KEY)));
    expect(state?.frames.find((f) => f.refId === 'A')?.fields[1].values).toContain('s2');
    client.close();
  });

  it('reopens a connection that stays silent for three heartbeats', async () => {
    const opened: WebSocket[] = [];
    let heard = 0;
    const client = new LiveClient(
      url,
      filtered((m) => m.type !== 'heartbeat' || heard++ === 0 || opened.length > 1, opened),
    );
    client.subscribe(REQ, () => {});
    await until(() => opened.length === 2, 3000);
    expect(opened[0].readyState).not.toBe(WebSocket.OPEN);
    client.close();
  });
});

describe('LiveClient.watchDashboard', () => {
  it('tells the listener of saves, again after a reconnect, and stops when unwatched', async () => {
    const sockets: WebSocket[] = [];
    const client = new LiveClient(
      url,
      filtered(() => true, sockets),
    );
    const seen: DashboardWatchEvent[] = [];
    const off = client.watchDashboard('d', 1, (e) => seen.push(e));
    await until(() => client.connected);
    await new Promise((r) => setTimeout(r, 50));
    save(2, 'bob');
    await until(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ type: 'dashboard-saved', uid: 'd', version: 2, by: 'bob', at: 2000 });

    // The connection drops; a save happens meanwhile; the client reconnects and hears of it at once.
    sockets[0].terminate();
    await until(() => !client.connected);
    save(3, 'cy');
    await until(() => seen.some((e) => e.type === 'dashboard-saved' && e.version === 3));
    expect(sockets.length).toBe(2);

    off();
    await new Promise((r) => setTimeout(r, 50));
    save(4, 'dee');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.some((e) => e.type === 'dashboard-saved' && e.version === 4)).toBe(false);
    client.close();
  });

  it("passes the server's refusal to the listener", async () => {
    const client = new LiveClient(
      url,
      filtered(() => true),
    );
    const seen: DashboardWatchEvent[] = [];
    client.watchDashboard('nope', 1, (e) => seen.push(e));
    await until(() => seen.length === 1);
    expect(seen[0]).toEqual({ type: 'error', id: 'w1', message: 'Dashboard "nope" not found' });
    client.close();
  });
});
