import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAppRoutes } from '../server/app-routes';
import { decide, LIVE_MESSAGE_ACCESS, ROUTE_ACCESS, ruleFor, type Principal } from './access';

const routes = listAppRoutes(path.resolve('app'));
const SERVER_OWN = ['GET /metrics', 'GET /api/live'];

describe('the access table', () => {
  it('names every route and method of app/ (a new route must be given a rule)', () => {
    const missing = routes.flatMap((r) =>
      r.methods.filter((m) => !ruleFor(m, r.pattern)).map((m) => `${m} ${r.pattern} (${r.file})`),
    );
    expect(missing).toEqual([]);
  });

  it('names nothing that is not a route (no stale rules)', () => {
    const real = new Set([...routes.flatMap((r) => r.methods.map((m) => `${m} ${r.pattern}`)), ...SERVER_OWN]);
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !real.has(k))).toEqual([]);
  });

  it('keeps viewers away from SQL: nothing a viewer may call takes SQL or writes', () => {
    const viewerWrites = Object.entries(ROUTE_ACCESS).filter(
      ([k, r]) => /^(POST|PUT|PATCH|DELETE) /.test(k) && (r.need === 'viewer' || r.need === 'embed'),
    );
    // Panel queries are POSTs that name a panel, never SQL (QueryRequestSchema has no SQL field).
    expect(viewerWrites.map(([k]) => k)).toEqual(['POST /api/query']);
  });

  it('lets HEAD follow GET', () => {
    expect(ruleFor('HEAD', '/d/[uid]')).toBe(ROUTE_ACCESS['GET /d/[uid]']);
  });
});

describe('decide', () => {
  const who: Record<string, Principal> = {
    nobody: { kind: 'anonymous' },
    anonymousViewer: { kind: 'anonymous', role: 'viewer' },
    viewer: { kind: 'user', role: 'viewer', userId: 1 },
    editor: { kind: 'user', role: 'editor', userId: 2 },
    admin: { kind: 'user', role: 'admin', userId: 3 },
    editorToken: { kind: 'token', role: 'editor', tokenId: 1 },
    bootstrap: { kind: 'bootstrap', role: 'admin' },
  };
  const rank = { viewer: 1, editor: 2, admin: 3 } as const;

  it.each(Object.entries(ROUTE_ACCESS))('%s', (_key, rule) => {
    for (const [name, p] of Object.entries(who)) {
      const d = decide(rule, p);
      let want: boolean;
      if (rule.need === 'public' || rule.need === 'embed') want = true;
      else if (rule.need === 'account') want = p.kind === 'user';
      else want = (!!p.role && rank[p.role] >= rank[rule.need]) || (!!rule.orEmbed && !p.role);
      expect(d.allow, name).toBe(want);
      if (!d.allow) expect(d.status, name).toBe(p.kind !== 'anonymous' && rule.need !== 'account' ? 403 : 401);
      // Only a request with no role at all goes on as an embed's.
      if (d.allow) expect(d.embedOnly, name).toBe(!p.role && (rule.need === 'embed' || !!rule.orEmbed));
    }
  });

  it('live subscriptions: viewers, or embeds only', () => {
    expect(decide(LIVE_MESSAGE_ACCESS.subscribe, who.nobody)).toEqual({ allow: true, embedOnly: true });
    expect(decide(LIVE_MESSAGE_ACCESS.subscribe, who.viewer)).toEqual({ allow: true, embedOnly: false });
  });

  it('watching a dashboard for saves: editors and admins only, never an embed', () => {
    const allowed = Object.entries(who)
      .filter(([, p]) => decide(LIVE_MESSAGE_ACCESS['watch-dashboard'], p).allow)
      .map(([name]) => name);
    expect(allowed).toEqual(['editor', 'admin', 'editorToken', 'bootstrap']);
  });
});
