import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeJwt } from 'jose';
import type { Metrics } from '../metrics';
import { LiveClientMessageSchema, type LiveServerMessage } from '../query/protocol';
import type { LiveHub } from './hub';

export const LIVE_PATH = '/api/live';
const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;
const MAX_SUBSCRIPTIONS_PER_SOCKET = 200;

/** Accepts `/api/live` upgrades and multiplexes panel subscriptions over one socket per browser tab. */
export function createLiveServer(hub: LiveHub, metrics?: Metrics) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  wss.on('connection', (ws) => onConnection(ws, hub, metrics));
  const alive = new WeakMap<WebSocket, boolean>();
  wss.on('connection', (ws) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
  });
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) ws.terminate();
      else { alive.set(ws, false); ws.ping(); }
    }
  }, 30_000);
  heartbeat.unref();

  return {
    /** True when the request was a live upgrade and has been taken. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const path = (req.url ?? '').split('?')[0];
      if (path !== LIVE_PATH) return false;
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
      return true;
    },
    close(): void {
      clearInterval(heartbeat);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

function onConnection(ws: WebSocket, hub: LiveHub, metrics?: Metrics): void {
  metrics?.wsClients.inc();
  const subs = new Map<string, Promise<(() => void) | undefined>>();
  const send = (msg: LiveServerMessage, text = () => JSON.stringify(msg)): boolean => {
    if (ws.readyState !== ws.OPEN || ws.bufferedAmount > MAX_BUFFERED_BYTES) return false;
    ws.send(text());
    return true;
  };
  // An embed's subscription ends when its token does (hub.subscribe has verified it).
  const expiries = new Map<string, NodeJS.Timeout>();
  const expireWithToken = (id: string, token: string) => {
    const ms = (decodeJwt(token).exp ?? 0) * 1000 - Date.now();
    const t = setTimeout(() => {
      drop(id);
      send({ type: 'error', id, message: 'Embed token expired' });
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    t.unref();
    expiries.set(id, t);
  };
  const drop = (id: string) => {
    clearTimeout(expiries.get(id));
    expiries.delete(id);
    const p = subs.get(id);
    subs.delete(id);
    void p?.then((off) => off?.());
  };

  ws.on('message', (data, isBinary) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(isBinary ? '' : data.toString());
    } catch {
      return send({ type: 'error', id: '', message: 'Message is not valid JSON' });
    }
    const r = LiveClientMessageSchema.safeParse(parsed);
    if (!r.success) {
      const id = typeof (parsed as { id?: unknown })?.id === 'string' ? (parsed as { id: string }).id : '';
      const i = r.error.issues[0];
      return send({ type: 'error', id, message: `Invalid message at ${i.path.join('.') || '(root)'}: ${i.message}` });
    }
    const msg = r.data;
    drop(msg.id);
    if (msg.type === 'unsubscribe') return;
    if (subs.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      return send({ type: 'error', id: msg.id, message: `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection` });
    }
    const pending = hub.subscribe(msg, send).then(
      (off) => {
        // Unsubscribed or closed while the first query ran: release at once.
        if (subs.get(msg.id) !== pending) off();
        else if (msg.embedToken) expireWithToken(msg.id, msg.embedToken);
        return off;
      },
      (err: Error) => {
        send({ type: 'error', id: msg.id, message: err.message });
        return undefined;
      },
    );
    subs.set(msg.id, pending);
  });

  ws.on('close', () => {
    metrics?.wsClients.dec();
    for (const id of [...subs.keys()]) drop(id);
  });
  ws.on('error', () => ws.terminate());
}
