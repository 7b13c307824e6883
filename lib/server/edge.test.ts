import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAppRoutes } from './app-routes';
import { answerClientError, createEdge, isValidHost, unknownUpgrade } from './edge';
import { framingHeaders } from './framing';

const edge = createEdge(listAppRoutes(path.resolve('app')), [
  { pattern: '/api/live', methods: ['GET'], websocket: true },
]);
const at = (
  method: string,
  url: string,
  headers: Record<string, string> = { host: 'localhost:3000' },
  upgrade = false,
) => edge({ method, url, headers }, upgrade);

describe('the request screen', () => {
  it('lets known routes and pages through, with the path Next serves', () => {
    expect(at('POST', '/api/query')).toEqual({ path: '/api/query', api: true });
    expect(at('GET', '/api/dashboards/sales/variables/city?x=1')).toEqual({
      path: '/api/dashboards/sales/variables/city',
      api: true,
    });
    expect(at('GET', '/d/sales?from=%zz')).toEqual({ path: '/d/sales', api: false });
    expect(at('GET', '/api/live', {}, true)).toEqual({ path: '/api/live', api: true });
    expect(at('OPTIONS', '/api/health').refusal).toBeUndefined();
    expect(at('HEAD', '/api/health').refusal).toBeUndefined();
  });

  it('decides on the normalised path: /embed/../d/sales is the dashboard, framed by nobody', () => {
    for (const url of [
      '/embed/../d/sales',
      '/embed/%2e%2e/d/sales',
      '/embed/.%2E/d/sales',
      '/embed/x/../../d/sales',
      '/embed\\..\\d\\sales',
    ]) {
      const { path: p } = at('GET', url);
      expect(p, url).toBe('/d/sales');
      expect(framingHeaders("'self'")(p)['X-Frame-Options'], url).toBe('DENY');
    }
    expect(at('GET', '//d/sales').path).toBe('//d/sales'); // a path, never a host; Next redirects it
  });

  it.each([
    ['GET', '/api/ingest/%zz', 400, /percent-escape.*%zz/],
    ['GET', '/api/dashboards/%zz', 400, /percent-escape/],
    ['GET', '/d/%zz', 400, /percent-escape/],
    ['GET', '/embed/%zz', 400, /percent-escape/],
    ['TRACE', '/api/health', 405, /\/api\/health does not answer TRACE/],
    ['TRACE', '/', 405, /TRACE/],
    ['PROPFIND', '/d/sales', 405, /PROPFIND/],
    [
      'POST',
      '/d-solo/sales/x?panelId=2',
      405,
      /\/d-solo\/\[uid\]\/\[\[\.\.\.slug\]\] does not answer POST; it answers GET, HEAD, OPTIONS/,
    ],
    ['GET', '/api/nope', 404, /^No API route GET \/api\/nope$/],
    ['GET', '/api', 404, /No API route/],
    ['DELETE', '/api/health', 405, /\/api\/health does not answer DELETE; it answers GET, HEAD, OPTIONS/],
    ['GET', '/api/query', 405, /answers POST, OPTIONS/],
    ['GET', '/api/live', 426, /WebSocket endpoint/],
    ['POST', '/api/live', 405, /answers GET/],
    ['GET', 'http://evil.example/api/health', 400, /request target/],
    ['GET', '*', 400, /request target/],
  ] as const)('%s %s is a %i', (method, url, status, message) => {
    const r = at(method, url).refusal;
    expect(r?.status).toBe(status);
    expect(r?.message).toMatch(message);
  });

  it('names the methods of a 405 in Allow', () => {
    expect(at('PUT', '/api/ingest/sales').refusal?.headers).toEqual({ Allow: 'POST, OPTIONS' });
    expect(at('TRACE', '/d/sales').refusal?.headers).toEqual({ Allow: 'GET, HEAD' });
  });

  it('says whether the answer is JSON from the path as sent, even when it cannot be parsed', () => {
    expect(at('GET', '/api/ingest/%zz').api).toBe(true);
    expect(at('GET', '/api/health', { host: 'a b' }).api).toBe(true);
    expect(at('GET', '/d/%zz').api).toBe(false);
    expect(at('GET', '/x/../api/dashboards/%').api).toBe(true);
    expect(at('GET', '/api/../d/%zz').api).toBe(false);
  });

  it('refuses a Host header the URL parser rejects, or reads as more than a host', () => {
    for (const host of ['[::1', 'a b', 'x:99999', 'a/b', 'u@h', 'h?x', '', 'ä']) {
      expect(at('GET', '/api/health', { host }).refusal, host).toMatchObject({
        status: 400,
        message: expect.stringMatching(/Invalid Host/),
      });
    }
    for (const host of [
      'localhost',
      'localhost:3000',
      '127.0.0.1:3199',
      '[::1]:3000',
      'my_app:80',
      'Example.COM',
      '127.1',
    ])
      expect(isValidHost(host), host).toBe(true);
  });
});

describe('unknownUpgrade', () => {
  it('names the live endpoint for a WebSocket elsewhere, and refuses other protocols', () => {
    expect(unknownUpgrade('websocket', '/api/livex', '/api/live')).toEqual({
      status: 404,
      message: 'No WebSocket endpoint at /api/livex; live updates are at /api/live',
    });
    expect(unknownUpgrade('h2c', '/api/health', '/api/live')).toMatchObject({
      status: 400,
      message: expect.stringMatching(/"h2c" is not supported/),
    });
  });
});

describe('answerClientError', () => {
  it("answers what Node's parser refuses with a JSON 4xx naming why, and closes", async () => {
    const server = http.createServer((_req, res) => res.end('ok'));
    server.on('clientError', answerClientError);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const ask = (bytes: string) =>
      new Promise<string>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => s.write(bytes));
        let text = '';
        s.on('data', (d) => {
          text += d;
        });
        s.on('close', () => resolve(text));
      });
    try {
      expect(await ask('FOO / HTTP/1.1\r\nHost: x\r\n\r\n')).toMatch(
        /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*\r\n\r\n\{"error":"Unknown HTTP method \(HPE_INVALID_METHOD\)"\}$/,
      );
      expect(await ask(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(
        /^HTTP\/1\.1 431 [\s\S]*too large/,
      );
      // Refused after the request went to its handler: its answer only, then the connection closes.
      expect(
        await ask('HEAD / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: null\r\nConnection: keep-alive\r\n\r\n'),
      ).toMatch(/^HTTP\/1\.1 200 OK\r\n(?![\s\S]*HTTP\/1\.1)/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
