import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_RECONNECT, CLOSE_REVOKED, createLiveServer, type LiveAccess, type LiveServerOptions } from './attach-ws';
import type { Revocation } from '../auth/service';
import { applyChanges } from './apply-delta';
import { LiveHub } from './hub';
import { QueryExecutor } from '../query/execute';
import { FakeSource, fakePanel } from '../testing/fake-source';
import { PulseboardError } from '../errors';
import type { LiveHeartbeat, LiveServerMessage } from '../query/protocol';
import type { DataFrame } from '../frames/types';

let server: http.Server;
let hub: LiveHub;
let url: string;
let src: FakeSource;
/** Server-side ends of the connections, in order: corking one makes its socket back up as a slow reader's would. */
let sockets: Socket[];

async function start(options: LiveServerOptions = {}) {
  src = new FakeSource();
  src.rows.push({ ts: Date.now() - 1000, sensor: 's1', value: 1 });
  hub = new LiveHub({
    prepare: async (req) => {
      if (req.panelId !== 1) throw new PulseboardError(`Panel ${req.panelId} not found`, 404);
      return fakePanel(src);
    },
    executor: new QueryExecutor(),
    tickMs: 100,
    graceMs: 50,
  });
  const live = createLiveServer(hub, undefined, options);
  sockets = [];
  server = http.createServer();
  server.on('connection', (s) => sockets.push(s));
  server.on('upgrade', (req, socket, head) => {
    if (!live.handleUpgrade(req, socket, head)) socket.destroy();
  });
  server.on('close', () => live.close());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`;
}

beforeEach(() => start());

afterEach(async () => {
  hub.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function connect() {
  const ws = new WebSocket(url);
  const msgs: Array<LiveServerMessage | LiveHeartbeat> = [];
  ws.on('message', (d) => msgs.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  const waitFor = async (pred: (m: LiveServerMessage | LiveHeartbeat) => boolean, tries = 100) => {
    for (let i = 0; i < tries; i++) {
      const m = msgs.find(pred);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no matching message in ${JSON.stringify(msgs)}`);
  };
  return { ws, msgs, waitFor };
}

const sub = (id: string, panelId = 1) =>
  JSON.stringify({ type: 'subscribe', id, dashboardUid: 'd', panelId, range: { from: 'now-1h', to: 'now' } });

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
    const n = c.msgs.filter((m) => 'id' in m && m.id === 'a').length;
    src.rows.push({ ts: Date.now(), sensor: 's2', value: 3 });
    await c.waitFor((m) => m.type === 'delta' && m.id === 'b');
    expect(c.msgs.filter((m) => 'id' in m && m.id === 'a').length).toBe(n);
    c.ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(hub.stats().subscriptions).toBe(0);
  });

  it('gives a subscription whose socket backed up its catch-up snapshot as soon as it drains, with no new data', async () => {
    await restart({ maxBufferedBytes: 200, drainCheckMs: 20, heartbeatMs: 60_000 });
    const c = await connect();
    c.ws.send(sub('a'));
    await c.waitFor((m) => m.type === 'snapshot');
    const corked = sockets[0];
    corked.cork(); // the reader stops taking data: what the server sends piles up in its buffer
    for (let i = 0; i < 5; i++) {
      src.rows.push({ ts: Date.now(), sensor: `s${i + 2}`, value: i });
      await new Promise((r) => setTimeout(r, 150));
    }
    const key = [...hubKeys()][0];
    const newest = hub.framesOf(key)!;
    const seen = c.msgs.length;
    corked.uncork();
    const snap = await c.waitFor(
      (m) => m.type === 'snapshot' && c.msgs.indexOf(m) >= seen - 1 && (m as { seq: number }).seq > 0,
    );
    expect(snap.type === 'snapshot' && snap.frames).toEqual(newest);
    // What the client holds after applying everything in order equals the server's state.
    expect(replay(c.msgs)).toEqual(hub.framesOf(key));
    c.ws.close();
  });

  it('delivers a refusal even while the socket is backed up, and closes a socket too far behind with a reason', async () => {
    await restart({ maxBufferedBytes: 200, drainCheckMs: 20, heartbeatMs: 60_000 });
    const c = await connect();
    c.ws.send(sub('a'));
    await c.waitFor((m) => m.type === 'snapshot');
    sockets[0].cork();
    src.rows.push({ ts: Date.now(), sensor: 's9', value: 9 });
    await new Promise((r) => setTimeout(r, 300)); // a delta is now waiting: the buffer is past the limit
    c.ws.send(sub('p', 99));
    await new Promise((r) => setTimeout(r, 100));
    sockets[0].uncork();
    expect(await c.waitFor((m) => m.type === 'error' && m.id === 'p' && /Panel 99/.test(m.message))).toBeTruthy();

    sockets[0].cork();
    for (let i = 0; i < 8 && c.ws.readyState === WebSocket.OPEN; i++) {
      c.ws.send(JSON.stringify({ type: 'subscribe', id: `x${i}`, pad: 'x'.repeat(100) })); // each refusal ~250 bytes
      await new Promise((r) => setTimeout(r, 30));
    }
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    sockets[0].uncork();
    expect(await closed).toBe(4008);
  });

  it('sends each socket a heartbeat with the position of every subscription', async () => {
    await restart({ heartbeatMs: 100 });
    const c = await connect();
    c.ws.send(sub('a'));
    const snap = await c.waitFor((m) => m.type === 'snapshot');
    const hb = await c.waitFor((m) => m.type === 'heartbeat' && 'a' in m.subs);
    expect(hb).toMatchObject({
      type: 'heartbeat',
      intervalMs: 100,
      subs: { a: { epoch: (snap as { epoch: string }).epoch } },
    });
    c.ws.close();
  });
});

describe('/api/live and ended sessions', () => {
  it('closes the sockets of what ended with 4401, and a user whose role changed with 4012 (reconnect)', async () => {
    let revoke: (r: Revocation) => void = () => {};
    await restart({
      access: {
        // The test's client says who it is in a header.
        upgrade: async (req) => ({
          grant: { kind: 'user', role: 'viewer', userId: Number(req.headers['x-user']), embedOnly: false },
        }),
        subscribe: () => ({ allow: true, embedOnly: false }),
        onRevoke: (listener) => (revoke = listener),
      },
    });
    const open = async (userId: number) => {
      const ws = new WebSocket(url, { headers: { 'x-user': String(userId) } });
      const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
      await new Promise((r) => ws.once('open', r));
      return { ws, closed };
    };
    const [a, b, c] = await Promise.all([open(1), open(2), open(3)]);
    revoke({ userId: 1, reconnect: true });
    revoke({ userId: 2 });
    expect(await a.closed).toBe(4012);
    expect(await b.closed).toBe(4401);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('closes a socket with 4401 when its API token expires, and leaves one without an expiry open', async () => {
    await restart({
      access: {
        upgrade: async (req) => ({
          grant: {
            kind: 'token',
            role: 'viewer',
            tokenId: 1,
            embedOnly: false,
            ...(req.headers['x-expires'] ? { expiresAt: Date.now() + Number(req.headers['x-expires']) } : {}),
          },
        }),
        subscribe: () => ({ allow: true, embedOnly: false }),
        onRevoke: () => {},
      },
    });
    const open = async (headers: Record<string, string>) => {
      const ws = new WebSocket(url, { headers });
      const closed = new Promise<[number, string]>((r) => ws.on('close', (code, why) => r([code, why.toString()])));
      await new Promise((r) => ws.once('open', r));
      return { ws, closed };
    };
    const [expiring, lasting] = await Promise.all([open({ 'x-expires': '200' }), open({})]);
    expect(await expiring.closed).toEqual([4401, 'Your API token has expired']);
    expect(lasting.ws.readyState).toBe(WebSocket.OPEN);
    lasting.ws.close();
  });
});

async function restart(options: LiveServerOptions) {
  hub.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await start(options);
}

function hubKeys(): string[] {
  return [JSON.stringify(['fake', { from: 'now-1h', to: 'now' }, 60_000])];
}

/** The frames a client holds after applying `msgs` in order, as the browser does. */
function replay(msgs: Array<LiveServerMessage | LiveHeartbeat>): DataFrame[] {
  let frames: DataFrame[] = [];
  for (const m of msgs) {
    if (m.type === 'snapshot') frames = m.frames;
    else if (m.type === 'delta') frames = applyChanges(frames, m.changes);
  }
  return frames;
}

describe('access', () => {
  type Listener = (r: Revocation) => void;
  let revoke: Listener = () => {};
  const seen: boolean[] = [];
  const access = (who: 'nobody' | 'viewer' | 'embed'): LiveAccess => ({
    async upgrade() {
      if (who === 'nobody') return { refusal: { status: 401, message: 'Log in' } };
      return { grant: { kind: 'user', role: 'viewer', userId: 7, sessionHash: 'h7', embedOnly: who === 'embed' } };
    },
    subscribe: (g) => ({ allow: true, embedOnly: g.embedOnly }),
    onRevoke: (l) => {
      revoke = l;
    },
  });

  async function startWith(a: LiveAccess) {
    hub.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await start({ access: a });
    // The hub under test records what each subscription was granted.
    const prepare = (hub as unknown as { deps: { prepare: (...a: unknown[]) => unknown } }).deps.prepare;
    (hub as unknown as { deps: { prepare: (...a: unknown[]) => unknown } }).deps.prepare = (...args: unknown[]) => {
      seen.push(args[2] === true);
      return prepare(...args);
    };
  }

  it('refuses an upgrade the access check refuses, with its HTTP status and message', async () => {
    await startWith(access('nobody'));
    const ws = new WebSocket(url);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('hands an embed-only grant to the hub, and closes the socket with 4401 when its session ends', async () => {
    await startWith(access('embed'));
    const c = await connect();
    c.ws.send(sub('a'));
    await c.waitFor((m) => m.type === 'snapshot');
    expect(seen.at(-1)).toBe(true);
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    revoke({ userId: 8 }); // someone else: nothing happens
    revoke({ sessionHashes: ['h7'] });
    expect(await closed).toBe(CLOSE_REVOKED);
  });

  it("closes a user's sockets with the reconnect code when only their role changed", async () => {
    await startWith(access('viewer'));
    const c = await connect();
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    revoke({ userId: 7, reconnect: true });
    expect(await closed).toBe(CLOSE_RECONNECT);
  });

  it('closes a socket whose credential stops holding (a logout on another instance), at the next check', async () => {
    let valid = true;
    await startWith({ ...access('viewer'), stillValid: async () => valid, revalidateMs: 50 });
    const c = await connect();
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    await new Promise((r) => setTimeout(r, 150));
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    valid = false;
    expect(await closed).toBe(CLOSE_REVOKED);
  });
});
