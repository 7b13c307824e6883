import type { IncomingMessage } from 'node:http';
import type { AppRoute } from '../server/app-routes';
import { matchPattern } from '../server/app-routes';
import { decide, ruleFor, type Rule } from './access';
import { originRefusal, requestInfo, type RequestInfo } from './request-info';
import type { GateGrant } from './principal-header';
import { SESSION_COOKIE, type AuthService } from './service';

interface GateRefusal {
  status: number;
  message: string;
  /** A page asked for without credentials is sent to the login page instead. */
  redirect?: string;
}

export interface GateResult {
  grant: GateGrant;
  info: RequestInfo;
  refusal?: GateRefusal;
  /** Set-Cookie to send (an ended session's cookie is cleared). */
  setCookie?: string;
}

type Pattern = Pick<AppRoute, 'pattern' | 'kind'>;

function specificity(pattern: string): number {
  return pattern.split('/').filter((s) => s && !s.startsWith('[')).length;
}

/** A cookie that ends the session cookie in the browser. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}

export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure ? '; Secure' : ''}`;
}

/**
 * The server's access check, before any handler: find the request's route pattern, resolve who is asking, apply
 * the route's rule from `access.ts`, and check the Origin of state-changing requests made with a cookie. Paths that
 * are no route (Next's assets, files in public/, a page that does not exist) need nothing.
 */
export function createGate(auth: AuthService, patterns: Pattern[]) {
  const sorted = [...patterns].sort((a, b) => specificity(b.pattern) - specificity(a.pattern));
  const patternOf = (path: string) => sorted.find((r) => matchPattern(r.pattern, path));

  return async (req: IncomingMessage, path: string): Promise<GateResult> => {
    const method = req.method ?? 'GET';
    const info = requestInfo(req.headers, req.socket.remoteAddress, auth.config);
    const route = path.startsWith('/_next/') ? undefined : patternOf(path);
    const rule: Rule | undefined = route ? ruleFor(method, route.pattern) : undefined;
    if (!route || method === 'OPTIONS') return { grant: { ...auth.anonymous(), embedOnly: false }, info };
    if (!rule) {
      // A route that the access table does not name is refused: new routes must be given a rule.
      return {
        grant: { kind: 'anonymous', embedOnly: true },
        info,
        refusal: { status: 403, message: `No access rule for ${method} ${route.pattern}` },
      };
    }
    const resolved = await auth.resolve(req.headers.authorization, req.headers.cookie);
    if ('refusal' in resolved)
      return { grant: { kind: 'anonymous', embedOnly: true }, info, refusal: resolved.refusal };
    const { principal, cookieAuth } = resolved;
    const setCookie = resolved.clearCookie ? clearedSessionCookie(info.https) : undefined;
    const decision = decide(rule, principal);
    if (!decision.allow) {
      const page = route.kind === 'page';
      const login = page && decision.status === 401;
      const next = encodeURIComponent(req.url ?? '/');
      return {
        grant: { ...principal, embedOnly: true },
        info,
        setCookie,
        refusal: {
          status: decision.status,
          message: decision.message,
          redirect: login ? `/login?next=${next}` : undefined,
        },
      };
    }
    const cross = originRefusal(method, req.headers, info, auth.config, cookieAuth);
    if (cross)
      return { grant: { ...principal, embedOnly: true }, info, setCookie, refusal: { status: 403, message: cross } };
    return { grant: { ...principal, embedOnly: decision.embedOnly }, info, setCookie };
  };
}
