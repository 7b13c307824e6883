import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { Runtime } from '../runtime';
import { setAuth, setRuntime } from '../runtime-access';
import { openMetaStore } from '../store/open';
import { AuthService } from '../auth/service';
import { DashboardLibrary } from '../dashboards/library';
import { authConfigFromEnv } from '../auth/config';
import { createGate, type GateResult } from '../auth/gate';
import { decide, LIVE_MESSAGE_ACCESS, ruleFor } from '../auth/access';
import { encodeGrant, PRINCIPAL_HEADER } from '../auth/principal-header';
import { originRefusal, requestInfo } from '../auth/request-info';
import { verifyEmbedToken } from '../embed/token';
import { createLiveServer, LIVE_PATH } from '../live/attach-ws';
import { POST as postQuery } from '../../app/api/query/route';
import { POST as postIngest } from '../../app/api/ingest/[table]/route';
import { framingHeaders } from './framing';
import { createFastRoutes, type RouteHandler } from './fast-routes';
import { listAppRoutes } from './app-routes';
import { answerClientError, createEdge, refuseOnSocket, unknownUpgrade, writeRefusal } from './edge';
import { watchUnhandledRejections } from './rejections';

/**
 * Pulseboard's Node server: Next's request handler plus the `/api/live` WebSocket (route handlers cannot take an
 * upgrade), and `/metrics`. The runtime is created here first so Next's bundled handlers find it on globalThis.
 */
/**
 * A live socket opened with no role is an embed's: it names its dashboard (`?embed=<uid>`) and carries an embed
 * token for it (`&token=`), or the dashboard is `public`. Each subscription is still checked on its own.
 */
async function embedSocketRefusal(
  runtime: Runtime,
  url: string,
): Promise<{ status: number; message: string } | undefined> {
  const q = new URL(url, 'http://localhost').searchParams;
  const uid = q.get('embed');
  const token = q.get('token');
  const login = {
    status: 401,
    message: 'Log in to receive live updates (an embed opens /api/live?embed=<dashboard uid>&token=<embed token>)',
  };
  const dashboard = uid ? runtime.dashboards.get(uid) : undefined;
  if (!uid || !dashboard) return login;
  if (!token) return dashboard.public ? undefined : login;
  try {
    if (!runtime.embedSecret) return login;
    const claims = await verifyEmbedToken(runtime.embedSecret, token);
    return claims.dashboardUid === uid ? undefined : { status: 403, message: `This embed token is not for "${uid}"` };
  } catch (err) {
    return { status: 401, message: (err as Error).message };
  }
}

/** A start failure whose message says all there is (a setting, a store that cannot be reached): no stack. */
class StartupError extends Error {}

async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  const dev = process.argv.includes('--dev');
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOST || '127.0.0.1';
  const t0 = Date.now();

  const runtime = new Runtime();
  setRuntime(runtime);
  // Accounts first: a bad setting or a failed migration stops the server before it listens.
  let authConfig: ReturnType<typeof authConfigFromEnv>;
  try {
    authConfig = authConfigFromEnv(process.env);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  const store = await openMetaStore(process.env).catch((err: Error) => {
    const where = process.env.PULSEBOARD_DATABASE_URL
      ? 'PostgreSQL (PULSEBOARD_DATABASE_URL)'
      : `SQLite in ${process.env.PULSEBOARD_DATA_DIR || './data'}`;
    throw new StartupError(`the metadata store on ${where} could not be opened: ${err.message}`);
  });
  const auth = new AuthService(store, authConfig);
  setAuth(auth);
  runtime.library = new DashboardLibrary(store, runtime.dashboards, (m) => console.log(`[pulseboard] ${m}`));
  await runtime.library.load();
  // Saves made by other instances sharing a PostgreSQL store reach this one within 5 s.
  const library = runtime.library;
  const refreshDashboards = setInterval(() => {
    library.refresh().catch((err: Error) => console.error('[pulseboard] dashboard refresh failed', err));
  }, 5000);
  refreshDashboards.unref();
  // Before Next starts: Next then uses this listener instead of logging every rejection itself.
  watchUnhandledRejections(runtime.metrics.unhandledRejections);
  const app = next({ dev, hostname, port, dir: process.cwd() });
  await Promise.all([runtime.start(), app.prepare()]);
  const handle = app.getRequestHandler();
  const upgradeNext = app.getUpgradeHandler();
  const appRoutes = listAppRoutes(path.join(process.cwd(), 'app'));
  const gate = createGate(auth, [
    ...appRoutes,
    { pattern: '/metrics', kind: 'route' },
    { pattern: LIVE_PATH, kind: 'route' },
  ]);
  const live = createLiveServer(runtime.hub, runtime.metrics, {
    access: {
      async upgrade(req) {
        const info = requestInfo(req.headers, req.socket.remoteAddress, authConfig);
        const resolved = await auth.resolve(req.headers.authorization, req.headers.cookie);
        if ('refusal' in resolved) return resolved;
        // A WebSocket is always cross-origin-capable: its Origin is checked like a state-changing request's.
        const cross = originRefusal('POST', req.headers, info, authConfig, resolved.cookieAuth);
        if (cross) return { refusal: { status: 403, message: cross } };
        const decision = decide(ruleFor('GET', LIVE_PATH)!, resolved.principal);
        if (!decision.allow) return { refusal: decision };
        if (decision.embedOnly) {
          const refusal = await embedSocketRefusal(runtime, req.url ?? '');
          if (refusal) return { refusal };
        }
        return { grant: { ...resolved.principal, embedOnly: decision.embedOnly, ip: info.ip } };
      },
      subscribe(grant) {
        const d = decide(LIVE_MESSAGE_ACCESS.subscribe, grant);
        return d.allow
          ? { allow: true, embedOnly: d.embedOnly || grant.embedOnly }
          : { allow: false, message: d.message };
      },
      watch(grant) {
        const d = decide(LIVE_MESSAGE_ACCESS['watch-dashboard'], grant);
        return d.allow ? { allow: true } : { allow: false, message: d.message };
      },
      onRevoke: (listener) => auth.events.on('revoke', listener),
      stillValid: (grant) => auth.stillValid(grant),
    },
    dashboards: library,
  });

  const framing = framingHeaders(process.env.PULSEBOARD_EMBED_ORIGINS);
  // Panel queries and ingest are the hot paths (every panel refresh, every write): their route handlers run here
  // without Next's per-request pipeline.
  const fastRoutes = createFastRoutes([
    { method: 'POST', path: '/api/query', handler: postQuery },
    { method: 'POST', path: '/api/ingest/:table', handler: postIngest as RouteHandler },
  ]);
  // Unknown API paths and methods get a JSON 404/405 from the app's own route table, not Next's HTML page.
  const edge = createEdge(appRoutes, [{ pattern: LIVE_PATH, methods: ['GET'], websocket: true }]);
  const server = http.createServer((req, res) => {
    const { path: pathname, api, refusal } = edge(req);
    // Framing is decided on the path Next serves (`/embed/../d/x` serves /d/x), never on the raw one.
    for (const [k, v] of Object.entries(framing(pathname))) res.setHeader(k, v);
    if (refusal) return writeRefusal(req, res, api, refusal);
    gate(req, pathname)
      .then((g) => serve(req, res, pathname, api, g))
      .catch((err: Error) => {
        console.error('[pulseboard] access check failed', err);
        if (!res.headersSent) res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'Could not check your session; try again' }));
      });
  });
  const serve = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    pathname: string,
    api: boolean,
    g: GateResult,
  ) => {
    if (g.setCookie) res.setHeader('Set-Cookie', g.setCookie);
    if (g.refusal) {
      if (g.refusal.redirect) {
        res.writeHead(303, { Location: g.refusal.redirect, 'Cache-Control': 'no-store' });
        return void res.end();
      }
      return writeRefusal(req, res, api, g.refusal);
    }
    // Replaces whatever a client sent under this name: handlers trust it.
    req.headers[PRINCIPAL_HEADER] = encodeGrant({ ...g.grant, ip: g.info.ip, https: g.info.https });
    if (pathname === '/metrics' && req.method === 'GET') {
      runtime.metrics.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'Content-Type': runtime.metrics.registry.contentType });
          res.end(text);
        },
        (err: Error) => {
          console.error('[pulseboard] metrics failed', err);
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics failed\n');
        },
      );
      return;
    }
    fastRoutes(req, res)
      .then((done) => (done ? undefined : handle(req, res)))
      .catch((err: Error) => {
        console.error('[pulseboard] request failed', err);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: 'Internal server error' }));
      });
  };
  server.on('clientError', answerClientError);
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const { path: pathname, refusal } = edge(req, true);
    if (refusal && refusal.status !== 404) return refuseOnSocket(socket, refusal);
    if (live.handleUpgrade(req, socket, head)) return;
    // Next's dev server takes its hot-reload socket; a production build has no other WebSocket endpoint.
    if (dev && pathname.startsWith('/_next/')) return void upgradeNext(req, socket, head).catch(() => socket.destroy());
    refuseOnSocket(socket, unknownUpgrade(req.headers.upgrade, pathname, LIVE_PATH));
  });

  // Ended sessions are removed hourly (a request with one is refused anyway).
  const sweep = setInterval(() => {
    const now = Date.now();
    store.sessions
      .deleteExpired(now, now - authConfig.idleMs)
      .catch((err: Error) => console.error('[pulseboard] session sweep failed', err));
  }, 3_600_000);
  sweep.unref();

  const shutdown = async () => {
    clearInterval(sweep);
    clearInterval(refreshDashboards);
    live.close();
    server.close();
    await runtime.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  const shownHost = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname;
  const base = process.env.PULSEBOARD_PUBLIC_URL?.replace(/\/$/, '') || `http://${shownHost}:${port}`;
  console.log(`[pulseboard] metadata store: ${store.kind} at ${store.location}`);
  const created = await auth.ensureAdmin(process.env.PULSEBOARD_ADMIN_PASSWORD || undefined);
  if (created?.password) {
    console.log(
      `[pulseboard] first start: created the admin account "${created.login}" with the password\n\n    ${created.password}\n\n` +
        `  Log in at ${base}/login and change it on ${base}/profile. It is shown this once and never stored in clear.`,
    );
  } else if (created) {
    console.log(
      `[pulseboard] first start: created the admin account "${created.login}" with PULSEBOARD_ADMIN_PASSWORD`,
    );
  }
  console.log(
    `[pulseboard] anonymous viewing: ${authConfig.anonymous ? 'on (viewer)' : 'off (log in to view)'}: ${authConfig.anonymousReason}`,
  );
  server.once('error', (err: NodeJS.ErrnoException) => {
    console.error(
      `[pulseboard] cannot listen on ${hostname}:${port}: ${err.code === 'EADDRINUSE' ? 'the port is in use (another server?)' : err.message}`,
    );
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    console.log(
      `[pulseboard] ready on http://${shownHost}:${port} in ${Date.now() - t0} ms (${dev ? 'dev' : 'production'})`,
    );
  });
}

main().catch((err) => {
  console.error('[pulseboard] failed to start:', err instanceof StartupError ? err.message : err);
  process.exit(1);
});
