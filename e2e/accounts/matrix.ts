import type { Rule } from '../../lib/auth/access';
import type { Role } from '../../lib/store/types';

/**
 * The role × route matrix's own reading of `ROUTE_ACCESS`: what each kind of caller should get, computed here
 * from the rule (a rank comparison), never by asking the server's `decide()`.
 */

export interface MatrixPrincipal {
  /** Column name in the printed matrix. */
  name: string;
  kind: 'nobody' | 'session' | 'token';
  role?: Role;
  cookie?: string;
  bearer?: string;
  /** Sessions: to open a throwaway session (logout). */
  login?: string;
  password?: string;
}

/**
 * - `allow`: the handler runs (any status but 401/403);
 * - `embed`: let through as an embed's request only: without an embed token a non-public dashboard is refused;
 * - `login`: refused as not signed in (401; a page redirects to the login page);
 * - `forbidden`: signed in without the role (403).
 */
export type Expectation = 'allow' | 'embed' | 'login' | 'forbidden';

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

export function expectationFor(rule: Rule, p: MatrixPrincipal): Expectation {
  if (rule.need === 'public' || rule.need === 'embed') return 'allow';
  if (rule.need === 'account') return p.kind === 'session' ? 'allow' : 'login';
  if (!p.role) return rule.orEmbed ? 'embed' : 'login';
  return RANK[p.role] >= RANK[rule.need] ? 'allow' : 'forbidden';
}

export interface MatrixValues {
  uid: string;
  panelId: number;
  variable: string;
  table: string;
  datasourceUid: string;
  userId: number;
  tokenId: number;
}

/** `METHOD /pattern` → the path to request, every parameter filled with a real value. */
export function pathFor(key: string, v: MatrixValues): string {
  const pattern = key.slice(key.indexOf(' ') + 1);
  const solo = pattern.includes('[[...slug]]');
  const id = pattern.startsWith('/api/users/') ? v.userId : v.tokenId;
  // Dashboard writes and history go to a uid that does not exist (404 once allowed): the matrix changes nothing.
  const uid =
    /^(PUT|DELETE|POST) \/api\/dashboards\/\[uid\]/.test(key) || key.includes('/versions') ? 'matrix-absent' : v.uid;
  const path = pattern
    .replace('[[...slug]]', 'x')
    .replace('[version]', '1')
    .replace('/api/datasources/[uid]', `/api/datasources/${v.datasourceUid}`)
    .replace('[uid]', uid)
    .replace('[panelId]', String(v.panelId))
    .replace('[name]', v.variable)
    .replace('[table]', v.table)
    .replace('[id]', String(id));
  if (path.includes('[')) throw new Error(`The matrix does not know how to fill ${pattern}: add a value`);
  return solo ? `${path}?panelId=${v.panelId}` : path;
}

/** A body that changes nothing shared: either refused by validation (400), or a no-op. */
export function harmlessBody(key: string, v: MatrixValues): unknown {
  switch (key) {
    case 'POST /api/query':
      return { dashboardUid: v.uid, panelId: v.panelId, range: { from: 'now-15m', to: 'now' } };
    case 'POST /api/ingest/[table]':
      return [];
    case 'PATCH /api/users/[id]':
      // A throwaway user, and an empty change.
      return {};
    default:
      return {};
  }
}

/** The matrix as text: one line per route, a status per principal, `!` after any cell that failed. */
export function formatMatrix(
  keys: string[],
  principals: MatrixPrincipal[],
  cells: Map<string, { status: number | string; ok: boolean }>,
): string {
  const width = Math.max(...keys.map((k) => k.length));
  const cols = principals.map((p) => Math.max(p.name.length, 4));
  const head = `${'route'.padEnd(width)} | ${principals.map((p, i) => p.name.padEnd(cols[i])).join(' ')}`;
  const lines = keys.map((k) => {
    const row = principals.map((p, i) => {
      const c = cells.get(`${k}|${p.name}`);
      return `${c ? `${c.status}${c.ok ? '' : '!'}` : '-'}`.padEnd(cols[i]);
    });
    return `${k.padEnd(width)} | ${row.join(' ')}`;
  });
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}
