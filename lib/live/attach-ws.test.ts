import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLiveServer } from './attach-ws';
import { LiveHub } from './hub';
import { QueryExecutor } from '../query/execute';
import { FakeSource, fakePanel } from '../testing/fake-source';
import { PulseboardError } from '../datasources/types';
import type { LiveServerMessage } from '../query/protocol';

let server: http.Server;
let hub: LiveHub;
let url: string;
let src: FakeSource;

beforeEach(async () => {
  src = new FakeSource();
  src.rows.push({ ts: Date.now() - 1000, sensor: 's1', value: 1 });
  hub = new LiveHub({
    prepare: async (req) => {
      if (req.panelId !== 1) throw new PulseboardError(`Panel ${req.panelId} not found`, 404);
      return fakePanel(src);
    },
    executor: new QueryExecutor(), tickMs: 100, graceMs: 50,
  });
  const live = createLiveServer(hub);
  server = http.createServer();
  server.on('upgrade', (req, socket, head) => { if (!live.handleUpgrade(req, socket, head)) socket.destroy(); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;
});

afterEach(async () => {
  hub.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function connect() {
  const ws = new WebSocket(url);
  const msgs: LiveServerMessage[] = [];
  ws.on('message', (d) => msgs.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  const waitFor = async (pred: (m: LiveServerMessage) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const m = msgs.find(pred);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching message in ${JSON.stringify(msgs)}`);
  };
  return { ws, msgs, waitFor };
}

const sub = (id: string, panelId = 1) => JSON.stringify({ type: 'subscribe', id, dashboardUid: 'd', panelId, range: { from: 'now-1h', to: 'now' } });

describe('/api/live', () => {
  it('answers bad messages with a readable error and keeps the socket open', async () => {
    const c = await connect();
    c.ws.send('not json');
    c.ws.send(JSON.stringify({ type: 'subscribe', id: 'x' }));
    c.ws.send(sub('p', 99));
    expect(await c.waitFor((m) => m.type === 'error' && /not valid JSON/.test(m.message))).toBeTruthy();
    expect(await c.waitFor((m) => m.type === 'error' && m.id === 'x' && /dashboardUid/.test(m.message))).toBeTruthy();
    expect(await c.waitFor((m) => m.type === 'error' && m.id === 'p' && /Panel 99/.test(m.message))).toBeTruthy();
    c.ws.send(sub('ok'));
    expect(await c.waitFor((m) => m.type === 'snapshot' && m.id === 'ok')).toBeTruthy();
    c.ws.close();
  });

  it('multiplexes subscriptions, stops sending after unsubscribe and releases them on close', async () => {
    const c = await connect();
    c.ws.send(sub('a'));
    c.ws.send(sub('b'));
    await c.waitFor((m) => m.type === 'snapshot' && m.id === 'a');
    await c.waitFor((m) => m.type === 'snapshot' && m.id === 'b');
    expect(hub.stats()).toEqual({ channels: 1, subscriptions: 2 });
    c.ws.send(JSON.stringify({ type: 'unsubscribe', id: 'a' }));
    await new Promise((r) => setTimeout(r, 100));
    const n = c.msgs.filter((m) => m.id === 'a').length;
    src.rows.push({ ts: Date.now(), sensor: 's2', value: 3 });
    await c.waitFor((m) => m.type === 'delta' && m.id === 'b');
    expect(c.msgs.filter((m) => m.id === 'a').length).toBe(n);
    c.ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(hub.stats().subscriptions).toBe(0);
  });
});
