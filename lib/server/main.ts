import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { Runtime } from '../runtime';
import { setRuntime } from '../runtime-access';
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
async function main(): Promise<void> {
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
  const dev = process.argv.includes('--dev');
  const port = Number(process.env.PORT || 3000);
  const hostname = process.env.HOST || '127.0.0.1';
  const t0 = Date.now();

  const runtime = new Runtime();
  setRuntime(runtime);
  // Before Next starts: Next then uses this listener instead of logging every rejection itself.
  watchUnhandledRejections(runtime.metrics.unhandledRejections);
  const app = next({ dev, hostname, port, dir: process.cwd() });
  await Promise.all([runtime.start(), app.prepare()]);
  const handle = app.getRequestHandler();
  const upgradeNext = app.getUpgradeHandler();
  const live = createLiveServer(runtime.hub, runtime.metrics);

  const framing = framingHeaders(process.env.PULSEBOARD_EMBED_ORIGINS);
  // Panel queries and ingest are the hot paths (every panel refresh, every write): their route handlers run here
  // without Next's per-request pipeline.
  const fastRoutes = createFastRoutes([
    { method: 'POST', path: '/api/query', handler: postQuery },
    { method: 'POST', path: '/api/ingest/:table', handler: postIngest as RouteHandler },
  ]);
  // Unknown API paths and methods get a JSON 404/405 from the app's own route table, not Next's HTML page.
  const edge = createEdge(listAppRoutes(path.join(process.cwd(), 'app')), [
    { pattern: LIVE_PATH, methods: ['GET'], websocket: true },
  ]);
  const server = http.createServer((req, res) => {
    const { path: pathname, api, refusal } = edge(req);
    // Framing is decided on the path Next serves (`/embed/../d/x` serves /d/x), never on the raw one.
    for (const [k, v] of Object.entries(framing(pathname))) res.setHeader(k, v);
    if (refusal) return writeRefusal(req, res, api, refusal);
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
  });
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

  const shutdown = async () => {
    live.close();
    server.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  server.listen(port, hostname, () => {
    console.log(
      `[pulseboard] ready on http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${port} in ${Date.now() - t0} ms (${dev ? 'dev' : 'production'})`,
    );
  });
}

main().catch((err) => {
  console.error('[pulseboard] failed to start:', err);
  process.exit(1);
});
