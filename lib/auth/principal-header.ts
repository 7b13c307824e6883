import type { Principal } from './access';

/**
 * The gate hands who is asking to route handlers and server components in this request header. The server sets it
 * on every request, replacing whatever a client sent under that name, so a handler can trust it.
 */
export const PRINCIPAL_HEADER = 'x-pulseboard-principal';

export interface GateGrant extends Principal {
  /** Let through without a role, as an embed's request: serve only what an embed token or `public` grants. */
  embedOnly: boolean;
  /** The client's address as the gate saw it (proxies considered), for the audit trail and login throttling. */
  ip?: string;
  /** The client used https (directly or through a trusted proxy): cookies are marked Secure. */
  https?: boolean;
}

export function encodeGrant(g: GateGrant): string {
  return Buffer.from(JSON.stringify(g)).toString('base64url');
}

/** The gate's grant for this request (anonymous, embed-only when the header is missing: fail closed). */
export function readGrant(headers: Pick<Headers, 'get'>): GateGrant {
  const v = headers.get(PRINCIPAL_HEADER);
  if (v) {
    try {
      return JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as GateGrant;
    } catch {
      // fall through
    }
  }
  return { kind: 'anonymous', embedOnly: true };
}
