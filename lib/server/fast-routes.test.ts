import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createFastRoutes, matchPath } from './fast-routes';

describe('matchPath', () => {
  it('matches literal segments and captures :params', () => {
    expect(matchPath('/api/query', '/api/query')).toEqual({});
    expect(matchPath('/api/ingest/:table', '/api/ingest/sensor_data')).toEqual({ table: 'sensor_data' });
    expect(matchPath('/api/ingest/:table', '/api/ingest/a%20b')).toEqual({ table: 'a b' });
  });

  it('refuses a malformed percent-escape with a 400, not a URIError', () => {
    expect(() => matchPath('/api/ingest/:table', '/api/ingest/%zz')).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringMatching(/percent-escape.*%zz/) }),
    );
  });

  it('refuses other paths, extra segments and empty params', () => {
    expect(matchPath('/api/query', '/api/queryx')).toBeUndefined();
    expect(matchPath('/api/ingest/:table', '/api/ingest/x/y')).toBeUndefined();
    expect(matchPath('/api/ingest/:table', '/api/ingest/')).toBeUndefined();
  });
});

describe('createFastRoutes', () => {
  let server: http.Server;
  afterEach(() => new Promise((r) => server.close(r)));

  async function serve(): Promise<string> {
    const fast = createFastRoutes([
      {
        method: 'POST',
        path: '/api/echo/:name',
        handler: async (req, ctx) =>
          Response.json(
            {
              name: (await ctx.params).name,
              body: await req.json(),
              big: 'x'.repeat(Number(req.headers.get('x-size') ?? 0)),
            },
            { status: 201 },
          ),
      },
    ]);
    server = http.createServer((req, res) => void fast(req, res).then((hit) => hit || res.writeHead(404).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('runs the route handler with the body and params, and keeps its status', async () => {
    const base = await serve();
    const res = await fetch(`${base}/api/echo/a`, { method: 'POST', body: JSON.stringify({ n: 1 }) });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'a', body: { n: 1 }, big: '' });
    expect((await fetch(`${base}/api/other`, { method: 'POST' })).status).toBe(404);
  });

  it('answers a malformed path a JSON 400 and ignores a Host header the URL parser rejects', async () => {
    const base = await serve();
    const bad = await fetch(`${base}/api/echo/%zz`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: expect.stringMatching(/percent-escape/) });
    const odd = await new Promise<number>((resolve) => {
      const req = http.request(`${base}/api/echo/a`, { method: 'POST', headers: { host: '[::1' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.end('{}');
    });
    expect(odd).toBe(201);
  });

  it('gzips large bodies for clients that accept it', async () => {
    const base = await serve();
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve) => {
      const req = http.request(
        `${base}/api/echo/b`,
        { method: 'POST', headers: { 'accept-encoding': 'gzip', 'x-size': '5000' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        },
      );
      req.end('{}');
    });
    expect(raw.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(raw.body).toString()).big).toHaveLength(5000);
  });
});
