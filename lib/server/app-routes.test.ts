import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedMethods, exportedMethods, HTTP_METHODS, listAppRoutes, matchPattern } from './app-routes';

const APP = path.resolve('app');

describe('listAppRoutes', () => {
  const routes = listAppRoutes(APP);

  it('finds every route handler and page of app/, with URL patterns', () => {
    const patterns = routes.map((r) => `${r.kind} ${r.pattern}`);
    for (const p of [
      'route /api/query',
      'route /api/ingest/[table]',
      'route /api/dashboards/[uid]/variables/[name]',
      'route /d-solo/[uid]/[[...slug]]',
      'page /',
      'page /d/[uid]',
      'page /embed/[uid]/[panelId]',
    ]) {
      expect(patterns).toContain(p);
    }
  });

  it('reads the same HTTP methods a route module really exports', async () => {
    for (const r of routes.filter((x) => x.kind === 'route')) {
      const mod = (await import(path.join(APP, r.file))) as Record<string, unknown>;
      const real = HTTP_METHODS.filter((m) => typeof mod[m] === 'function');
      expect(r.methods, r.file).toEqual(real);
    }
  });
});

describe('exportedMethods', () => {
  it('knows the forms an export takes', () => {
    expect(exportedMethods('export async function POST(req) {}\nexport function GET() {}')).toEqual(['GET', 'POST']);
    expect(exportedMethods('export const PUT = handler;\nconst x = 1; export { x as DELETE, y as other }')).toEqual([
      'PUT',
      'DELETE',
    ]);
    expect(exportedMethods('export const dynamic = "force-dynamic"; function GET() {}')).toEqual([]);
  });
});

describe('matchPattern', () => {
  it.each([
    ['/api/query', '/api/query', {}],
    ['/api/dashboards/[uid]', '/api/dashboards/sales', { uid: 'sales' }],
    ['/api/dashboards/[uid]', '/api/dashboards//sales/', { uid: 'sales' }],
    ['/d-solo/[uid]/[[...slug]]', '/d-solo/a', { uid: 'a', slug: [] }],
    ['/d-solo/[uid]/[[...slug]]', '/d-solo/a/b/c', { uid: 'a', slug: ['b', 'c'] }],
    ['/', '/', {}],
  ])('%s matches %s', (pattern, p, params) => {
    expect(matchPattern(pattern, p)).toEqual(params);
  });

  it.each([
    ['/api/query', '/api/queryx'],
    ['/api/query', '/api/query/x'],
    ['/api/dashboards/[uid]', '/api/dashboards'],
    ['/api/ingest/[table]', '/api/%69ngest/x'],
    ['/x/[...all]', '/x'],
  ])('%s does not match %s', (pattern, p) => {
    expect(matchPattern(pattern, p)).toBeUndefined();
  });
});

describe('allowedMethods', () => {
  it('adds HEAD to GET and OPTIONS to route handlers, as Next answers them', () => {
    expect(allowedMethods({ kind: 'route', methods: ['GET'] })).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(allowedMethods({ kind: 'route', methods: ['POST'] })).toEqual(['POST', 'OPTIONS']);
    expect(allowedMethods({ kind: 'page', methods: ['GET'] })).toEqual(['GET', 'HEAD']);
  });
});
