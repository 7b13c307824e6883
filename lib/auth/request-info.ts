import type { IncomingHttpHeaders } from 'node:http';
import type { AuthConfig } from './config';

/** What the gate knows about a request's origin, proxies considered. */
export interface RequestInfo {
  /** The client's address (`X-Forwarded-For`'s first hop when the peer is a trusted proxy). */
  ip: string;
  /** The scheme the client used. */
  https: boolean;
  /** The origin the client addressed (`http://host:port`), from the Host header or a trusted proxy's. */
  origin?: string;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim() || undefined;

export function requestInfo(headers: IncomingHttpHeaders, peer: string | undefined, cfg: AuthConfig): RequestInfo {
  const trusted = !!peer && cfg.trustedProxies.has(peer);
  const ip = (trusted && first(headers['x-forwarded-for'])) || peer || 'unknown';
  const proto = trusted ? first(headers['x-forwarded-proto']) : undefined;
  const https = proto === 'https' || (!proto && cfg.publicUrl?.protocol === 'https:');
  const host = (trusted && first(headers['x-forwarded-host'])) || headers.host;
  return { ip, https, origin: host ? `${https ? 'https' : 'http'}://${host}` : undefined };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request check for state-changing requests made with the session cookie: the browser's `Origin` must
 * be the server's own (the Host the client addressed, or `PULSEBOARD_PUBLIC_URL`). A request with a cookie and no
 * Origin is refused too: every browser sends one on these methods. Requests authenticated by an Authorization
 * header are not at risk (a browser never adds one by itself) and pass. Returns the refusal message, if any.
 */
export function originRefusal(
  method: string,
  headers: IncomingHttpHeaders,
  info: RequestInfo,
  cfg: AuthConfig,
  cookieAuth: boolean,
): string | undefined {
  if (!UNSAFE.has(method)) return undefined;
  // Called once the credentials are resolved: an Authorization header here is the accepted bearer token.
  if (!cookieAuth && headers.authorization !== undefined) return undefined;
  const origin = headers.origin;
  if (!origin)
    return cookieAuth ? 'Cross-site check: this request has a session cookie but no Origin header' : undefined;
  if (isOwnOrigin(origin, info, cfg)) return undefined;
  return `Cross-site check: requests from ${origin.slice(0, 100)} may not change anything here`;
}

export function isOwnOrigin(origin: string, info: RequestInfo, cfg: AuthConfig): boolean {
  if (cfg.publicUrl && origin === cfg.publicUrl.origin) return true;
  if (!info.origin) return false;
  // The scheme may differ behind a TLS-terminating proxy that is not declared trusted; the host must match.
  try {
    return new URL(origin).host === new URL(info.origin).host;
  } catch {
    return false;
  }
}
