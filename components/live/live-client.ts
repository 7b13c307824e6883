import type { DataFrame } from '@/lib/frames/types';
import type {
  LiveDashboardEvent,
  LiveHeartbeat,
  LiveServerMessage,
  QueryError,
  QueryRequest,
} from '@/lib/query/protocol';
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

/** A dashboard change, or the server's refusal of the watch (not an editor, no such dashboard). */
export type DashboardWatchEvent = LiveDashboardEvent | { type: 'error'; message: string };

interface Watch {
  uid: string;
  /** The version the editor opened: a newer one saved while the socket was down is told on reconnect. */
  version: number;
  listener: (e: DashboardWatchEvent) => void;
}

/** What LiveClient needs of a WebSocket: the browser's, or `ws` in Node tests. */
export interface LiveSocket {
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev?: { code?: number; reason?: string }) => void) | null;
  send(data: string): void;
  close(): void;
}

const OPEN = 1;
/** The server closed the socket because the session, user or API token behind it has ended (lib/live/attach-ws). */
const CLOSE_REVOKED = 4401;
/** Heartbeats missed before the connection is taken for dead and reopened. */
const MISSED_HEARTBEATS = 3;

/**
 * One WebSocket per tab, multiplexing panel subscriptions. On reconnect every subscription resumes from its last
 * applied seq (the server sends exactly what was missed, or a fresh snapshot); a gap in seq asks for a snapshot.
 * The server's heartbeat says where each subscription stands: one whose seq is behind it resubscribes (resuming),
 * and a connection that stays silent for three heartbeats is reopened.
 */
export class LiveClient {
  private ws?: LiveSocket;
  private subs = new Map<string, Sub>();
  private watches = new Map<string, Watch>();
  private nextId = 1;
  private retry = 0;
  private connectedListeners = new Set<(c: boolean) => void>();
  private endedListeners = new Set<(reason: string) => void>();
  /** Why the server ended this tab's live updates for good (logged out, disabled, token revoked or expired). */
  ended?: string;
  private watchdog?: ReturnType<typeof setTimeout>;
  connected = false;

  constructor(
    private readonly url: string,
    private readonly open: (url: string) => LiveSocket = (u) => new WebSocket(u) as unknown as LiveSocket,
    /** An embed's socket: it has no session, so it names its dashboard and embed token when it opens. */
    private readonly embed = false,
  ) {}

  /** The socket's URL: an embed's names the dashboard and its newest embed token (the server checks them). */
  private socketUrl(): string {
    if (!this.embed) return this.url;
    const reqs = [...this.subs.values()].map((s) => s.req);
    const first = reqs[0];
    if (!first) return this.url;
    const token = reqs.reverse().find((r) => r.embedToken)?.embedToken;
    const q = new URLSearchParams({ embed: first.dashboardUid, ...(token ? { token } : {}) });
    return `${this.url}?${q}`;
  }

  subscribe(req: QueryRequest, listener: (s: LiveState) => void): () => void {
    const id = `s${this.nextId++}`;
    this.subs.set(id, { req, state: { frames: [], hasSnapshot: false }, seq: 0, listener });
    this.ensureSocket();
    this.sendSubscribe(id);
    return () => {
      this.subs.delete(id);
      this.send({ type: 'unsubscribe', id });
      if (!this.busy()) this.stopWatchdog();
    };
  }

  /** Anything to keep the socket open for. */
  private busy(): boolean {
    return this.subs.size + this.watches.size > 0;
  }

  /**
   * Be told when dashboard `uid` is saved (by anyone, in any tab) or deleted, for as long as it is open in edit
   * mode; `version` is the one opened (a newer one already saved is told at once). Returns the unwatch.
   */
  watchDashboard(uid: string, version: number, listener: (e: DashboardWatchEvent) => void): () => void {
    const id = `w${this.nextId++}`;
    this.watches.set(id, { uid, version, listener });
    this.ensureSocket();
    this.sendWatch(id);
    return () => {
      this.watches.delete(id);
      this.send({ type: 'unsubscribe', id });
      if (!this.busy()) this.stopWatchdog();
    };
  }

  /** Called once the server has ended the live updates for good, with its reason. */
  onEnded(fn: (reason: string) => void): () => void {
    this.endedListeners.add(fn);
    return () => this.endedListeners.delete(fn);
  }

  onConnected(fn: (c: boolean) => void): () => void {
    this.connectedListeners.add(fn);
    return () => this.connectedListeners.delete(fn);
  }

  /** Close the connection for good (tests; a tab simply goes away). */
  close(): void {
    this.subs.clear();
    this.watches.clear();
    this.stopWatchdog();
    const ws = this.ws;
    this.ws = undefined;
    ws?.close();
  }

  private send(msg: unknown): void {
    if (this.ws?.readyState === OPEN) this.ws.send(JSON.stringify(msg));
  }

  private sendSubscribe(id: string, resume = true): void {
    const s = this.subs.get(id);
    if (!s) return;
    const r = resume && s.epoch ? { resume: { epoch: s.epoch, seq: s.seq } } : {};
    this.send({ type: 'subscribe', id, ...s.req, ...r });
  }

  private sendWatch(id: string): void {
    const w = this.watches.get(id);
    if (w) this.send({ type: 'watch-dashboard', id, uid: w.uid, version: w.version });
  }

  private ensureSocket(): void {
    if (this.ws && this.ws.readyState <= OPEN) return;
    const ws = this.open(this.socketUrl());
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.setConnected(true);
      for (const id of this.subs.keys()) this.sendSubscribe(id);
      for (const id of this.watches.keys()) this.sendWatch(id);
    };
    ws.onmessage = (ev) => {
      if (this.ws !== ws) return;
      let msg: LiveServerMessage | LiveHeartbeat | LiveDashboardEvent;
      try {
        msg = JSON.parse(String(ev.data)) as LiveServerMessage | LiveHeartbeat | LiveDashboardEvent;
      } catch {
        return;
      }
      if (msg.type === 'heartbeat') this.onHeartbeat(msg, ws);
      else if (msg.type === 'dashboard-saved' || msg.type === 'dashboard-deleted')
        this.watches.get(msg.id)?.listener(msg);
      else if (msg.type === 'error' && this.watches.has(msg.id)) this.watches.get(msg.id)!.listener(msg);
      else this.onMessage(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      this.setConnected(false);
      this.stopWatchdog();
      this.ws = undefined;
      if (!this.busy()) return;
      if (ev?.code === CLOSE_REVOKED) {
        // Logged out, disabled or revoked: reconnecting would be refused; every panel says why instead.
        const error = ev.reason || 'Your session has ended: log in again';
        this.ended = error;
        for (const fn of this.endedListeners) fn(error);
        for (const s of this.subs.values()) {
          s.state = { ...s.state, error };
          s.listener(s.state);
        }
        return;
      }
      const delay = Math.min(10_000, 250 * 2 ** this.retry++) * (0.75 + Math.random() / 2);
      setTimeout(() => this.busy() && this.ensureSocket(), delay);
    };
  }

  private setConnected(c: boolean): void {
    this.connected = c;
    for (const fn of this.connectedListeners) fn(c);
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  /** Resubscribe (resuming) every subscription the server is further along on than this client. */
  private onHeartbeat(hb: LiveHeartbeat, ws: LiveSocket): void {
    this.stopWatchdog();
    this.watchdog = setTimeout(() => {
      // Nothing heard for several heartbeats: the connection is dead without having closed. Reopen it.
      if (this.ws !== ws) return;
      ws.onclose?.();
      ws.close();
    }, MISSED_HEARTBEATS * hb.intervalMs);
    for (const [id, pos] of Object.entries(hb.subs)) {
      const s = this.subs.get(id);
      if (!s || !s.epoch) continue;
      if (pos.epoch !== s.epoch) this.sendSubscribe(id, false);
      else if (pos.seq > s.seq) this.sendSubscribe(id);
    }
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
      if (!s.epoch) return; // a snapshot has been asked for: deltas wait for it
      if (msg.epoch !== s.epoch || msg.seq > s.seq + 1) {
        // A gap or another channel generation: start over from a snapshot.
        s.epoch = undefined;
        return this.sendSubscribe(msg.id, false);
      }
      if (msg.seq <= s.seq) return; // already applied (a resume raced a delta)
      s.seq = msg.seq;
      const errors = msg.errors ? (msg.errors.length ? msg.errors : undefined) : s.state.errors;
      s.state = { frames: applyChanges(s.state.frames, msg.changes), errors, hasSnapshot: true };
    }
    s.listener(s.state);
  }
}

let shared: LiveClient | undefined;

/** The tab's live connection, created on first use. */
export function getLiveClient(): LiveClient {
  if (!shared) {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const embed = location.pathname.startsWith('/embed/');
    shared = new LiveClient(`${proto}//${location.host}/api/live`, undefined, embed);
  }
  return shared;
}
