import type { DataFrame } from '@/lib/datasources/types';
import type { LiveServerMessage, QueryError, QueryRequest } from '@/lib/query/protocol';
import { applyChanges } from '@/lib/live/apply-delta';

export interface LiveState {
  frames: DataFrame[];
  errors?: QueryError[];
  hasSnapshot: boolean;
  /** Set when the server refused the subscription. */
  error?: string;
}

interface Sub {
  req: QueryRequest;
  state: LiveState;
  epoch?: string;
  seq: number;
  listener: (s: LiveState) => void;
}

/**
 * One WebSocket per tab, multiplexing panel subscriptions. On reconnect every subscription resumes from its last
 * applied seq (the server sends exactly what was missed, or a fresh snapshot); a gap in seq asks for a snapshot.
 */
export class LiveClient {
  private ws?: WebSocket;
  private subs = new Map<string, Sub>();
  private nextId = 1;
  private retry = 0;
  private connectedListeners = new Set<(c: boolean) => void>();
  connected = false;

  constructor(private readonly url: string) {}

  subscribe(req: QueryRequest, listener: (s: LiveState) => void): () => void {
    const id = `s${this.nextId++}`;
    this.subs.set(id, { req, state: { frames: [], hasSnapshot: false }, seq: 0, listener });
    this.ensureSocket();
    this.sendSubscribe(id);
    return () => {
      this.subs.delete(id);
      this.send({ type: 'unsubscribe', id });
    };
  }

  onConnected(fn: (c: boolean) => void): () => void {
    this.connectedListeners.add(fn);
    return () => this.connectedListeners.delete(fn);
  }

  private send(msg: unknown): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private sendSubscribe(id: string, resume = true): void {
    const s = this.subs.get(id);
    if (!s) return;
    const r = resume && s.epoch ? { resume: { epoch: s.epoch, seq: s.seq } } : {};
    this.send({ type: 'subscribe', id, ...s.req, ...r });
  }

  private ensureSocket(): void {
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) return;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.setConnected(true);
      for (const id of this.subs.keys()) this.sendSubscribe(id);
    };
    ws.onmessage = (ev) => this.onMessage(JSON.parse(String(ev.data)) as LiveServerMessage);
    ws.onclose = () => {
      this.setConnected(false);
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (!this.subs.size) return;
      const delay = Math.min(10_000, 250 * 2 ** this.retry++) * (0.75 + Math.random() / 2);
      setTimeout(() => this.subs.size && this.ensureSocket(), delay);
    };
  }

  private setConnected(c: boolean): void {
    this.connected = c;
    for (const fn of this.connectedListeners) fn(c);
  }

  private onMessage(msg: LiveServerMessage): void {
    const s = this.subs.get(msg.id);
    if (!s) return;
    if (msg.type === 'error') {
      s.state = { ...s.state, error: msg.message };
    } else if (msg.type === 'snapshot') {
      s.epoch = msg.epoch;
      s.seq = msg.seq;
      s.state = { frames: msg.frames, errors: msg.errors, hasSnapshot: true };
    } else {
      if (msg.epoch !== s.epoch || msg.seq !== s.seq + 1) {
        // A gap or another channel generation: start over from a snapshot.
        s.epoch = undefined;
        return this.sendSubscribe(msg.id, false);
      }
      s.seq = msg.seq;
      const errors = msg.errors ? (msg.errors.length ? msg.errors : undefined) : s.state.errors;
      s.state = { frames: applyChanges(s.state.frames, msg.changes, msg.trimBefore), errors, hasSnapshot: true };
    }
    s.listener(s.state);
  }
}

let shared: LiveClient | undefined;

/** The tab's live connection, created on first use. */
export function getLiveClient(): LiveClient {
  if (!shared) {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    shared = new LiveClient(`${proto}//${location.host}/api/live`);
  }
  return shared;
}
