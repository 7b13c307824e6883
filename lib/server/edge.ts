import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { allowedMethods, HTTP_METHODS, matchPattern, type AppRoute, type HttpMethod } from './app-routes';

/**
 * What the custom server checks before a request reaches a route handler or Next: the request line and Host
 * header are usable, the path's percent-escapes decode, and an `/api/*` path names a route and one of its methods.
 * Anything else is a 4xx naming what was wrong (Next would answer 500 for several of these, or its HTML 404 page).
 */

export interface EdgeRefusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export interface EdgeResult {
  /** The path as Next serves it: dot segments resolved (`/embed/../d/x` is `/d/x`), still percent-encoded. */
  path: string;
  /** An `/api/*` request: its errors are JSON. */
  api: boolean;
  refusal?: EdgeRefusal;
}

/** Routes the custom server itself serves, outside `app/`. */
export interface ServerRoute extends Pick<AppRoute, 'pattern' | 'methods'> {
  /** A WebSocket endpoint: a plain request gets 426 Upgrade Required. */
  websocket?: boolean;
}

const API = /^\/api(\/|$|\?)/;
const shown = (s: string) => (s.length > 120 ? `${s.slice(0, 120)}…` : s);

/** A Host header the URL parser takes as a host and nothing more (no path, credentials, query, bad port or bracket). */
export function isValidHost(host: string): boolean {
  if (!host || host.length > 255 || !/^[\x21-\x7e]+$/.test(host)) return false;
  try {
    const u = new URL(`http://${host}/`);
    return u.pathname === '/' && !u.username && !u.password && !u.search && !u.hash;
  } catch {
    return false;
  }
}

/** The first path segment whose percent-escapes do not decode, if any. */
function malformedSegment(rawPath: string): string | undefined {
  return rawPath.split('/').find((seg) => {
    try {
      decodeURIComponent(seg);
      return false;
    } catch {
      return true;
    }
  });
}

function specificity(pattern: string): number {
  return pattern.split('/').filter((s) => s && !s.startsWith('[')).length;
}

/** The most specific route matching `path`, if any. */
function findRoute<T extends Pick<AppRoute, 'pattern'>>(routes: T[], path: string): T | undefined {
  return routes
    .filter((r) => matchPattern(r.pattern, path))
    .sort((a, b) => specificity(b.pattern) - specificity(a.pattern))[0];
}

const bad = (message: string): EdgeRefusal => ({ status: 400, message });

/** The path as Next serves it: dot segments resolved, still percent-encoded; undefined when it cannot be read. */
function resolvedPath(url: string): string | undefined {
  if (!url.startsWith('/')) return undefined;
  try {
    // Concatenated, not resolved against a base: `//x` stays a path (Next redirects it), never a host.
    return new URL(`http://localhost${url}`).pathname;
  } catch {
    return undefined;
  }
}

/** What is wrong with the request target or Host header, if anything. */
function targetRefusal(url: string, path: string | undefined, headers: IncomingHttpHeaders): EdgeRefusal | undefined {
  if (headers.host !== undefined && !isValidHost(headers.host))
    return bad(`Invalid Host header ${JSON.stringify(shown(headers.host))}`);
  if (!url.startsWith('/')) return bad('The request target must be a path starting with /');
  const segment = malformedSegment(url.split('?')[0]);
  if (segment !== undefined) return bad(`Malformed percent-escape in the path segment "${shown(segment)}"`);
  return path === undefined ? bad('The request target is not a valid path') : undefined;
}

function notAllowed(what: string, method: string, allowed: readonly string[]): EdgeRefusal {
  const list = allowed.join(', ');
  return {
    status: 405,
    message: `${what} does not answer ${shown(method)}; it answers ${list}`,
    headers: { Allow: list },
  };
}

type ApiRoute = Pick<AppRoute, 'pattern' | 'methods' | 'kind'>;

function checkApi(
  method: string,
  path: string,
  routes: ApiRoute[],
  server: ServerRoute[],
  upgrade: boolean,
): EdgeRefusal | undefined {
  const own = findRoute(server, path);
  if (own?.websocket && method === 'GET' && !upgrade) {
    const message = `${own.pattern} is a WebSocket endpoint: connect with Upgrade: websocket`;
    return { status: 426, message, headers: { Upgrade: 'websocket', Connection: 'Upgrade' } };
  }
  const route = own ? { ...own, kind: 'route' as const } : findRoute(routes, path);
  if (!route) return { status: 404, message: `No API route ${shown(method)} ${shown(path)}` };
  const allowed = own ? own.methods : allowedMethods(route);
  return (allowed as string[]).includes(method) ? undefined : notAllowed(route.pattern, method, allowed);
}

/**
 * The request screen. `routes` are the app's routes (`listAppRoutes`), `server` the custom server's own; both are
 * matched on the normalised path, as Next matches.
 */
export function createEdge(routes: AppRoute[], server: ServerRoute[] = []) {
  const api = routes.filter((r) => r.kind === 'route' && API.test(r.pattern));
  const handlers = routes.filter((r) => r.kind === 'route' && !API.test(r.pattern));
  return (req: { method?: string; url?: string; headers: IncomingHttpHeaders }, upgrade = false): EdgeResult => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const path = resolvedPath(url);
    const refused = targetRefusal(url, path, req.headers);
    // Framing of a refusal: as any page that is not an embed.
    if (refused || path === undefined) return { path: '/', api: API.test(path ?? url), refusal: refused };
    if (API.test(path)) return { path, api: true, refusal: checkApi(method, path, api, server, upgrade) };
    // A route handler elsewhere (Grafana's /d-solo/…) answers its own methods; a page answers GET.
    const handler = findRoute(handlers, path);
    if (handler) {
      const allowed = allowedMethods(handler);
      return {
        path,
        api: false,
        refusal: allowed.includes(method as HttpMethod) ? undefined : notAllowed(handler.pattern, method, allowed),
      };
    }
    const standard = (HTTP_METHODS as readonly string[]).includes(method);
    return { path, api: false, refusal: standard ? undefined : notAllowed('This path', method, ['GET', 'HEAD']) };
  };
}

/** Write a refusal: JSON `{error}` on `/api/*` (and wherever the client asks for JSON), plain text elsewhere. */
export function writeRefusal(req: IncomingMessage, res: ServerResponse, api: boolean, r: EdgeRefusal): void {
  const json = api || /json/.test(String(req.headers.accept ?? ''));
  const body = json
    ? JSON.stringify({ error: r.message })
    : `${r.status} ${STATUS_CODES[r.status] ?? ''}: ${r.message}\n`;
  res.writeHead(r.status, {
    ...r.headers,
    'Content-Type': json ? 'application/json' : 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Answer on the bare socket (an upgrade the server does not take, a request Node's parser refused) with an HTTP
 * error and close it: the socket would hang otherwise.
 */
export function refuseOnSocket(socket: Duplex, r: EdgeRefusal, headRequest = false): void {
  const body = JSON.stringify({ error: r.message });
  const head = [
    `HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  // The answer to a HEAD request has no body, even when it is an error.
  if (socket.writable) socket.end(`${head.join('\r\n')}\r\n\r\n${headRequest ? '' : body}`);
  // A client that never reads must not keep the socket.
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The refusal of an upgrade nobody takes: another WebSocket path (404), or another protocol (400). */
export function unknownUpgrade(protocol: string | undefined, path: string, livePath: string): EdgeRefusal {
  if (/^websocket$/i.test(protocol ?? ''))
    return { status: 404, message: `No WebSocket endpoint at ${shown(path)}; live updates are at ${livePath}` };
  return bad(`Upgrade to ${JSON.stringify(shown(protocol ?? ''))} is not supported; only WebSocket, at ${livePath}`);
}

const PARSE_ERRORS: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request headers are too large'],
  HPE_INVALID_METHOD: [400, 'Unknown HTTP method'],
  HPE_INVALID_URL: [400, 'Malformed request target'],
  HPE_INVALID_HEADER_TOKEN: [400, 'Malformed header'],
  HPE_INVALID_CONTENT_LENGTH: [400, 'Malformed Content-Length'],
  HPE_UNEXPECTED_CONTENT_LENGTH: [400, 'Both Content-Length and Transfer-Encoding'],
  HPE_INVALID_CHUNK_SIZE: [400, 'Malformed chunked body'],
  HPE_INVALID_TRANSFER_ENCODING: [400, 'Malformed Transfer-Encoding'],
};

/** Node's parser refused the request before any handler saw it: a JSON 4xx naming why, then close. */
export function answerClientError(err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  // The parser may fail after it handed the request on (a bad Transfer-Encoding is found at the body). When that
  // request's answer has begun, it finishes and the connection closes, with no second answer; else this answer
  // replaces it (its handler would wait for a body that never comes). Node's own default decides the same way.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight?.headersSent) {
    if (inFlight.writableEnded) socket.destroy();
    else inFlight.shouldKeepAlive = false;
    return;
  }
  const [status, message] = PARSE_ERRORS[err.code ?? ''] ?? [400, 'Malformed HTTP request'];
  const head = err.rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  refuseOnSocket(socket, { status, message: `${message} (${err.code ?? 'parse error'})` }, head);
}
