/**
 * Who may do what, in one place: every HTTP route (by method and Next pattern, as `lib/server/app-routes.ts`
 * lists them), the custom server's own endpoints, and every live message. The server's gate reads this table
 * before a request reaches a handler; handlers never check roles themselves. A test fails when a route of `app/`
 * is missing here, and the role × route matrix test is generated from it.
 */
import type { Role } from '../store/types';

/**
 * - `public`: anyone, signed in or not (the login page, health probes).
 * - `embed`: anyone; what is shown is decided by a signed embed token or the dashboard's `public` flag.
 * - `viewer`, `editor`, `admin`: at least that role (anonymous viewing counts as viewer when it is on).
 * - `account`: a signed-in user of any role (their own profile and password; not an API token, not anonymous).
 */
type Need = 'public' | 'embed' | 'viewer' | 'account' | 'editor' | 'admin';

export interface Rule {
  need: Need;
  /** Without the role the request may still go on as an embed's: the handler then serves embed grants only. */
  orEmbed?: true;
}

/** `METHOD pattern` → rule. HEAD follows GET; OPTIONS is answered by the framework and needs nothing. */
export const ROUTE_ACCESS: Record<string, Rule> = {
  // Pages
  'GET /': { need: 'viewer' },
  'GET /d/[uid]': { need: 'viewer' },
  'GET /d-solo/[uid]/[[...slug]]': { need: 'embed' },
  'GET /embed/[uid]/[panelId]': { need: 'embed' },
  'GET /login': { need: 'public' },
  'GET /profile': { need: 'account' },
  'GET /admin': { need: 'admin' },
  'GET /dashboard/import': { need: 'editor' },
  // Panel data: viewers, and embeds (with their token or a public dashboard)
  'POST /api/query': { need: 'viewer', orEmbed: true },
  'GET /api/dashboards': { need: 'viewer' },
  'GET /api/dashboards/[uid]': { need: 'viewer' },
  'GET /api/dashboards/[uid]/variables/[name]': { need: 'viewer' },
  'GET /api/dashboards/[uid]/versions': { need: 'viewer' },
  'GET /api/dashboards/[uid]/versions/[version]': { need: 'viewer' },
  'GET /api/dashboards/[uid]/export': { need: 'viewer' },
  'GET /api/datasources': { need: 'viewer' },
  'GET /api/datasources/[uid]/health': { need: 'viewer' },
  'GET /api/health': { need: 'public' },
  // Writes
  'POST /api/ingest/[table]': { need: 'editor' },
  'POST /api/embed-tokens': { need: 'editor' },
  'POST /api/dashboards': { need: 'editor' },
  'PUT /api/dashboards/[uid]': { need: 'editor' },
  'DELETE /api/dashboards/[uid]': { need: 'editor' },
  'POST /api/dashboards/[uid]/versions/[version]/restore': { need: 'editor' },
  'POST /api/dashboards/db': { need: 'editor' },
  'POST /api/dashboards/import': { need: 'editor' },
  'POST /api/dashboards/import/preview': { need: 'editor' },
  // Editors' own SQL (the panel editor's preview); viewers and embeds never send SQL.
  'POST /api/ds/query': { need: 'editor' },
  // Tables and columns for the panel editor's autocomplete.
  'GET /api/datasources/[uid]/schema': { need: 'editor' },
  'POST /api/ds/variable-options': { need: 'editor' },
  // Accounts
  'POST /api/login': { need: 'public' },
  'POST /api/logout': { need: 'public' },
  'GET /api/user': { need: 'public' },
  'PUT /api/user/password': { need: 'account' },
  'GET /api/users': { need: 'admin' },
  'POST /api/users': { need: 'admin' },
  'PATCH /api/users/[id]': { need: 'admin' },
  'GET /api/tokens': { need: 'admin' },
  'POST /api/tokens': { need: 'admin' },
  'DELETE /api/tokens/[id]': { need: 'admin' },
  'GET /api/audit': { need: 'admin' },
  // The custom server's own
  'GET /metrics': { need: 'viewer' },
  'GET /api/live': { need: 'viewer', orEmbed: true },
};

/** Live messages over `/api/live` (a socket opened as an embed's may only subscribe with an embed grant). */
export const LIVE_MESSAGE_ACCESS: Record<'subscribe' | 'unsubscribe' | 'watch-dashboard', Rule> = {
  subscribe: { need: 'viewer', orEmbed: true },
  unsubscribe: { need: 'public' },
  // Who saved which version of a dashboard open in edit mode: for those who can edit it.
  'watch-dashboard': { need: 'editor' },
};

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

/** Who is asking, as the gate resolved it. */
export interface Principal {
  /** `user`: a session; `token`: an API token; `bootstrap`: `PULSEBOARD_ADMIN_TOKEN`; `anonymous`: nobody. */
  kind: 'user' | 'token' | 'bootstrap' | 'anonymous';
  /** Undefined for nobody when anonymous viewing is off. */
  role?: Role;
  userId?: number;
  login?: string;
  name?: string;
  tokenId?: number;
  /** The session's hash (revoking it closes this principal's sockets). */
  sessionHash?: string;
  /** When the credential ends by itself (epoch ms): an API token's expiry, a session's maximum age. */
  expiresAt?: number;
}

function hasRole(p: Pick<Principal, 'role'>, need: Role): boolean {
  return !!p.role && RANK[p.role] >= RANK[need];
}

export type Decision = { allow: true; embedOnly: boolean } | { allow: false; status: 401 | 403; message: string };

/** Apply a rule to a principal. `embedOnly`: let through as an embed's request, no role. */
export function decide(rule: Rule, p: Principal): Decision {
  const { need } = rule;
  if (need === 'public' || need === 'embed') return { allow: true, embedOnly: need === 'embed' && !p.role };
  if (need === 'account') {
    if (p.kind === 'user') return { allow: true, embedOnly: false };
    return { allow: false, status: 401, message: 'Log in to use your account' };
  }
  if (hasRole(p, need)) return { allow: true, embedOnly: false };
  if (rule.orEmbed && !p.role) return { allow: true, embedOnly: true };
  // Anonymous visitors (even when anonymous viewing gives them the viewer role) are asked to log in.
  if (!p.role || p.kind === 'anonymous')
    return {
      allow: false,
      status: 401,
      message: `Log in${need === 'viewer' ? '' : ` as ${need}`}, or send an API token (Authorization: Bearer …)`,
    };
  return { allow: false, status: 403, message: `This needs the ${need} role; you are ${p.role}` };
}

/** The rule for a request, by the route pattern it matched (undefined: no rule, refused by the gate). */
export function ruleFor(method: string, pattern: string): Rule | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return ROUTE_ACCESS[`${m} ${pattern}`];
}
