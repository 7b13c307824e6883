import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { decodeJwt } from 'jose';
import type { Metrics } from '../metrics';
import {
  LiveClientMessageSchema,
  type LiveDashboardEvent,
  type LiveHeartbeat,
  type LivePosition,
  type LiveServerMessage,
} from '../query/protocol';
import type { LiveHub, LiveSubscription } from './hub';
import type { Revocation } from '../auth/service';
import type { GateGrant } from '../auth/principal-header';
import type { DashboardChange } from '../dashboards/library';

export const LIVE_PATH = '/api/live';
const MAX_SUBSCRIPTIONS_PER_SOCKET = 200;

export interface LiveServerOptions {
  /**
   * Past this many bytes waiting in a socket's send buffer, deltas for it are skipped (its subscriptions go stale)
   * and each gets one catch-up snapshot as soon as the buffer drains below it again. Default 2 MB.
   */
  maxBufferedBytes?: number;
  /** How often each socket gets a heartbeat with its subscriptions' positions (ms). Default 5 s. */
  heartbeatMs?: number;
  /** How often a backed-up socket is checked for having drained (ms). Default 100. */
  drainCheckMs?: number;
  /** Who may connect and what ends a connection; without it every socket is a viewer's (tests of the hub). */
  access?: LiveAccess;
  /** Saves and deletes of dashboards, for `watch-dashboard` (editors with a dashboard open in edit mode). */
  dashboards?: DashboardFeed;
}

/** Where dashboard changes come from (the server's `DashboardLibrary`). */
export interface DashboardFeed {
  /** Every save, restore and delete; returns the unsubscribe. */
  onChange(listener: (c: DashboardChange) => void): () => void;
  /** Dashboard `uid`'s newest version and who saved it when, or undefined when there is no such dashboard. */
  head(uid: string): { version: number; by: string | null; at: number } | undefined;
}

/** The access gate's part in live updates. */
export interface LiveAccess {
  /** Who is connecting (session, API token, anonymous), or the HTTP refusal that ends the upgrade. */
  upgrade(req: IncomingMessage): Promise<{ grant: GateGrant } | { refusal: { status: number; message: string } }>;
  /** May this connection subscribe; `embedOnly`: only embed grants (the hub checks the token or `public`). */
  subscribe(grant: GateGrant): { allow: true; embedOnly: boolean } | { allow: false; message: string };
  /** May this connection watch dashboards for saves (editors and admins); absent: nobody may. */
  watch?(grant: GateGrant): { allow: true } | { allow: false; message: string };
  /** Sessions, users and tokens that end: their sockets close at once. */
  onRevoke(listener: (r: Revocation) => void): void;
  /** Whether a socket's credential still holds (checked every `revalidateMs`: revocations on other instances). */
  stillValid?(grant: GateGrant): Promise<boolean>;
  /** Default 15 s. */
  revalidateMs?: number;
}

/** Close code for a connection whose session, user or token has ended (4000–4999 are the application's). */
export const CLOSE_REVOKED = 4401;
/** Close code for a connection whose user's role changed: the session goes on, the client reconnects at once. */
export const CLOSE_RECONNECT = 4012;

function revokes(r: Revocation, g: GateGrant): boolean {
  return (
    (r.userId !== undefined && g.userId === r.userId) ||
    (r.tokenId !== undefined && g.tokenId === r.tokenId) ||
    (!!g.sessionHash && !!r.sessionHashes?.includes(g.sessionHash))
  );
}

/** Longest delay setTimeout takes (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * An API token that expires or a session that reaches its maximum age ends its sockets then, as a revocation would:
 * requests are refused from that moment, and a socket opened before must not go on streaming.
 */
function closeAtExpiry(ws: WebSocket, grant: GateGrant): { cancel(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const ms = grant.expiresAt! - Date.now();
    if (ms > MAX_TIMER_MS) timer = setTimeout(arm, MAX_TIMER_MS);
    else
      timer = setTimeout(
        () =>
          ws.close(
            CLOSE_REVOKED,
            grant.kind === 'token' ? 'Your API token has expired' : 'Your session has ended: log in again',
          ),
        Math.max(0, ms),
      );
    timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

/** A socket's live connection, as the server's timers see it. */
interface Connection {
  heartbeat(): void;
  close(): void;
}

/** Accepts `/api/live` upgrades and multiplexes panel subscriptions over one socket per browser tab. */
export function createLiveServer(hub: LiveHub, metrics?: Metrics, options: LiveServerOptions = {}) {
  const { access, ...rest } = options;
  const opts = { maxBufferedBytes: 2 * 1024 * 1024, heartbeatMs: 5000, drainCheckMs: 100, ...rest };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const connections = new Set<Connection>();
  const grants = new Map<WebSocket, GateGrant>();
  const alive = new WeakMap<WebSocket, boolean>();
  const watchers = new Map<string, Set<(c: DashboardChange) => void>>();
  const offFeed = options.dashboards?.onChange((c) => watchers.get(c.uid)?.forEach((tell) => tell(c)));
  const feed: WatchFeed | undefined = options.dashboards && {
    head: (uid) => options.dashboards!.head(uid),
    watch(uid, tell) {
      const set = watchers.get(uid) ?? new Set();
      watchers.set(uid, set.add(tell));
      return () => {
        set.delete(tell);
        if (!set.size && watchers.get(uid) === set) watchers.delete(uid);
      };
    },
  };
  wss.on('connection', (ws: WebSocket, _req: IncomingMessage, grant?: GateGrant) => {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    const conn = onConnection(ws, hub, opts, metrics, {
      subscribe: access && grant ? () => access.subscribe(grant) : undefined,
      watch: () =>
        access?.watch && grant
          ? access.watch(grant)
          : { allow: false, message: 'Watching dashboards needs the editor role' },
      feed,
    });
    connections.add(conn);
    if (grant) grants.set(ws, grant);
    const expiry = grant?.expiresAt !== undefined ? closeAtExpiry(ws, grant) : undefined;
    ws.on('close', () => {
      connections.delete(conn);
      grants.delete(ws);
      expiry?.cancel();
    });
  });
  // A logout, a disabled user, a revoked token: their sockets close now, not at their next message.
  // A role change closes them too, with a code the client reconnects on: the new socket carries the new role.
  const end = (ws: WebSocket) => ws.close(CLOSE_REVOKED, 'Your session has ended: log in again');
  access?.onRevoke((r) => {
    for (const [ws, g] of grants) {
      if (!revokes(r, g)) continue;
      if (r.reconnect) ws.close(CLOSE_RECONNECT, 'Your role changed: reconnecting');
      else end(ws);
    }
  });
  const revalidate =
    access?.stillValid &&
    setInterval(() => {
      for (const [ws, g] of grants) {
        if (g.kind !== 'user' && g.kind !== 'token') continue;
        access.stillValid!(g).then(
          (ok) => ok || end(ws),
          (err: Error) => console.error('[pulseboard] live session check failed', err),
        );
      }
    }, access.revalidateMs ?? 15_000);
  if (revalidate) revalidate.unref();
  // Dead peers (no pong in 30 s) are dropped; live ones hear where each subscription stands.
  const ping = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) ws.terminate();
      else {
        alive.set(ws, false);
        ws.ping();
      }
    }
  }, 30_000);
  const heartbeat = setInterval(() => connections.forEach((c) => c.heartbeat()), opts.heartbeatMs);
  ping.unref();
  heartbeat.unref();

  return {
    /** True when the request was a live upgrade and has been taken. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const path = (req.url ?? '').split('?')[0];
      if (path !== LIVE_PATH) return false;
      if (!access) {
        wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
        return true;
      }
      access.upgrade(req).then(
        (r) => {
          if ('refusal' in r) return refuse(socket, r.refusal.status, r.refusal.message);
          wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, r.grant));
        },
        (err: Error) => {
          console.error('[pulseboard] live upgrade check failed', err);
          refuse(socket, 503, 'Could not check your session; try again');
        },
      );
      return true;
    },
    close(): void {
      offFeed?.();
      clearInterval(ping);
      clearInterval(heartbeat);
      if (revalidate) clearInterval(revalidate);
      connections.forEach((c) => c.close());
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

interface Entry {
  pending: Promise<LiveSubscription | undefined>;
  sub?: LiveSubscription;
}

/** An upgrade refused before it became a WebSocket: an HTTP answer on the bare socket, then close. */
function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: message });
  if (socket.writable)
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The live server's dashboard feed as one connection uses it: the head, and a watch that returns its end. */
interface WatchFeed {
  head: DashboardFeed['head'];
  watch(uid: string, tell: (c: DashboardChange) => void): () => void;
}

interface ConnectionChecks {
  /** May this socket subscribe (absent: a viewer's socket, it may). */
  subscribe?: () => { allow: true; embedOnly: boolean } | { allow: false; message: string };
  /** May this socket watch dashboards. */
  watch: () => { allow: true } | { allow: false; message: string };
  feed?: WatchFeed;
}

function onConnection(
  ws: WebSocket,
  hub: LiveHub,
  opts: Omit<Required<LiveServerOptions>, 'access' | 'dashboards'>,
  metrics: Metrics | undefined,
  checks: ConnectionChecks,
): Connection {
  metrics?.wsClients.inc();
  const subs = new Map<string, Entry>();
  /** `watch-dashboard` ids → their unwatch. */
  const watches = new Map<string, () => void>();
  let drainTimer: NodeJS.Timeout | undefined;

  /** Once the buffer drops below the limit, every subscription that skipped deltas gets its catch-up snapshot. */
  const watchDrain = () => {
    if (drainTimer) return;
    drainTimer = setInterval(() => {
      if (ws.readyState === ws.OPEN && ws.bufferedAmount > opts.maxBufferedBytes) return;
      clearInterval(drainTimer);
      drainTimer = undefined;
      if (ws.readyState === ws.OPEN) for (const e of subs.values()) e.sub?.catchUp();
    }, opts.drainCheckMs);
    drainTimer.unref();
  };
  /** State updates: skipped while the socket is backed up (the subscription goes stale and catches up on drain). */
  const send = (_msg: LiveServerMessage, text: () => string): boolean => {
    if (ws.readyState !== ws.OPEN) return false;
    if (ws.bufferedAmount > opts.maxBufferedBytes) {
      watchDrain();
      return false;
    }
    ws.send(text());
    return true;
  };
  /**
   * Refusals and errors are never skipped: they are small and not repeated by a later snapshot. A socket so far
   * behind that even they would pile up (four times the limit) is closed with the reason; the client reconnects.
   */
  const sendError = (id: string, message: string) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > 4 * opts.maxBufferedBytes) return ws.close(4008, 'Too far behind: reconnect to resume');
    ws.send(JSON.stringify({ type: 'error', id, message } satisfies LiveServerMessage));
  };

  // An embed's subscription ends when its token does (hub.subscribe has verified it).
  const expiries = new Map<string, NodeJS.Timeout>();
  const expireWithToken = (id: string, token: string) => {
    let exp = 0;
    try {
      exp = decodeJwt(token).exp ?? 0;
    } catch {
      // hub.subscribe verified the token; one that cannot be decoded expires at once.
    }
    const ms = exp * 1000 - Date.now();
    const t = setTimeout(
      () => {
        drop(id);
        sendError(id, 'Embed token expired');
      },
      Math.max(0, Math.min(ms, 2 ** 31 - 1)),
    );
    t.unref();
    expiries.set(id, t);
  };
  /** Dashboard changes are never skipped either: small, rare, and not repeated. */
  const sendEvent = (event: LiveDashboardEvent) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > 4 * opts.maxBufferedBytes) return ws.close(4008, 'Too far behind: reconnect to resume');
    ws.send(JSON.stringify(event));
  };
  const watch = (msg: { id: string; uid: string; version?: number }) => {
    const may = checks.watch();
    if (!may.allow) return sendError(msg.id, may.message);
    const head = checks.feed?.head(msg.uid);
    if (!checks.feed || !head) return sendError(msg.id, `Dashboard "${msg.uid}" not found`);
    watches.set(
      msg.id,
      checks.feed.watch(msg.uid, (c) => sendEvent({ ...c, id: msg.id })),
    );
    // Saved between the editor's load and this watch (or while its socket was down): told at once.
    if (msg.version !== undefined && head.version > msg.version)
      sendEvent({ type: 'dashboard-saved', id: msg.id, uid: msg.uid, ...head });
  };
  const drop = (id: string) => {
    watches.get(id)?.();
    watches.delete(id);
    clearTimeout(expiries.get(id));
    expiries.delete(id);
    const e = subs.get(id);
    subs.delete(id);
    void e?.pending.then((sub) => sub?.off());
  };

  ws.on('message', (data, isBinary) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(isBinary ? '' : data.toString());
    } catch {
      return sendError('', 'Message is not valid JSON');
    }
    const r = LiveClientMessageSchema.safeParse(parsed);
    if (!r.success) {
      const id = typeof (parsed as { id?: unknown })?.id === 'string' ? (parsed as { id: string }).id.slice(0, 64) : '';
      const i = r.error.issues[0];
      return sendError(id, `Invalid message at ${i.path.join('.') || '(root)'}: ${i.message}`);
    }
    const msg = r.data;
    drop(msg.id);
    if (msg.type === 'unsubscribe') return;
    if (subs.size + watches.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
      return sendError(msg.id, `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions per connection`);
    }
    if (msg.type === 'watch-dashboard') return watch(msg);
    const may = checks.subscribe?.() ?? { allow: true, embedOnly: false };
    if (!may.allow) return sendError(msg.id, may.message);
    const entry: Entry = { pending: Promise.resolve(undefined) };
    entry.pending = hub.subscribe(msg, send, may.embedOnly).then(
      (sub) => {
        // Unsubscribed or closed while the first query ran: release at once.
        if (subs.get(msg.id) !== entry) {
          sub.off();
          return undefined;
        }
        entry.sub = sub;
        if (msg.embedToken) expireWithToken(msg.id, msg.embedToken);
        return sub;
      },
      (err: Error) => {
        if (subs.get(msg.id) === entry) subs.delete(msg.id);
        sendError(msg.id, err.message);
        return undefined;
      },
    );
    subs.set(msg.id, entry);
  });

  ws.on('close', () => {
    metrics?.wsClients.dec();
    clearInterval(drainTimer);
    for (const id of [...subs.keys(), ...watches.keys()]) drop(id);
  });
  ws.on('error', () => ws.terminate());

  return {
    heartbeat() {
      if (ws.readyState !== ws.OPEN || ws.bufferedAmount > opts.maxBufferedBytes) return;
      const positions: Record<string, LivePosition> = {};
      for (const [id, e] of subs) {
        const pos = e.sub?.position();
        if (pos) positions[id] = pos;
      }
      ws.send(
        JSON.stringify({ type: 'heartbeat', intervalMs: opts.heartbeatMs, subs: positions } satisfies LiveHeartbeat),
      );
    },
    close() {
      clearInterval(drainTimer);
    },
  };
}
