/**
 * Load generator: `clients` WebSockets on /api/live, each subscribed to every request in `requests`, as a
 * dashboard tab in live mode is. Counts delta messages and payload bytes, and the delivery latency of each delta:
 * receive time minus the server's `sentAt` (same machine, same clock).
 */
import WebSocket from 'ws';
import type { QueryRequest } from '../../lib/query/protocol';
import { serveParent } from './child';

export interface WsClientsConfig {
  url: string;
  clients: number;
  requests: QueryRequest[];
}

export interface WsClientsReport {
  seconds: number;
  messages: number;
  snapshots: number;
  bytes: number;
  /** Delivery latency of every delta in the window (ms). */
  latencies: number[];
}

const sockets: WebSocket[] = [];
let window = { t0: performance.now(), messages: 0, snapshots: 0, bytes: 0, latencies: [] as number[] };

function onMessage(data: Buffer, onSnapshot: () => void): void {
  const received = Date.now();
  const msg = JSON.parse(data.toString()) as { type: string; sentAt?: number; message?: string };
  window.bytes += data.length;
  if (msg.type === 'error') throw new Error(`live error: ${msg.message}`);
  if (msg.type === 'heartbeat') return; // the connection's keep-alive, not an update
  if (msg.type === 'snapshot') {
    window.snapshots++;
    return onSnapshot();
  }
  window.messages++;
  if (msg.sentAt) window.latencies.push(received - msg.sentAt);
}

/** One client: resolves once every subscription has its snapshot. */
function connect(cfg: WsClientsConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(cfg.url);
    sockets.push(ws);
    let pending = cfg.requests.length;
    ws.on('open', () =>
      cfg.requests.forEach((r) => ws.send(JSON.stringify({ type: 'subscribe', id: `p${r.panelId}`, ...r }))),
    );
    ws.on('message', (d: Buffer) => onMessage(d, () => --pending === 0 && resolve()));
    ws.on('error', reject);
  });
}

serveParent<WsClientsConfig>({
  async start(cfg) {
    const ready: Promise<void>[] = [];
    // Open in batches so the server's accept queue and the snapshots do not arrive all at once.
    for (let i = 0; i < cfg.clients; i += 50) {
      for (let j = i; j < Math.min(cfg.clients, i + 50); j++) ready.push(connect(cfg));
      await new Promise((r) => setTimeout(r, 20));
    }
    await Promise.all(ready);
  },
  mark() {
    window = { t0: performance.now(), messages: 0, snapshots: 0, bytes: 0, latencies: [] };
  },
  report(): WsClientsReport {
    const { t0, ...counts } = window;
    return { seconds: (performance.now() - t0) / 1000, ...counts };
  },
  stop() {
    for (const ws of sockets) ws.terminate();
  },
});
