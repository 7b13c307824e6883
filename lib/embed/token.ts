import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { PulseboardError } from '../errors';

/** What an embed token grants: one dashboard, some of its panels, variable values locked to these. */
export interface EmbedClaims {
  dashboardUid: string;
  panelIds: number[];
  /** Locked variable values: URL parameters cannot override them. */
  vars: Record<string, string | string[]>;
  /** Expiry, epoch seconds. */
  exp: number;
}

const MIN_SECRET_BYTES = 16;
const MAX_TTL_S = 365 * 86_400;

function key(secret: string): Uint8Array {
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) {
    throw new PulseboardError(
      `PULSEBOARD_EMBED_SECRET must be at least ${MIN_SECRET_BYTES} bytes`,
      503,
      'embed_not_configured',
    );
  }
  return new TextEncoder().encode(secret);
}

/** Sign an HS256 embed token (jose). */
export async function issueEmbedToken(
  secret: string,
  c: { dashboardUid: string; panelIds: number[]; vars?: Record<string, string | string[]>; ttlSeconds?: number },
): Promise<{ token: string; expiresAt: number }> {
  const ttl = c.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_S)
    throw new PulseboardError(`ttlSeconds must be 1..${MAX_TTL_S}`, 400);
  const exp = Math.floor(Date.now() / 1000) + ttl;
  const token = await new SignJWT({ dash: c.dashboardUid, pan: c.panelIds, vars: c.vars ?? {} })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('embed')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key(secret));
  return { token, expiresAt: exp * 1000 };
}

/** Why an embed was refused; `status` is the HTTP status a route answers with. */
export class EmbedRefusal extends PulseboardError {
  constructor(
    readonly reason: 'invalid' | 'expired' | 'forbidden' | 'unauthorized' | 'not_found',
    message: string,
    status: number,
  ) {
    super(message, status, `embed_${reason}`);
    this.name = 'EmbedRefusal';
  }
}

/** Verify signature, algorithm and expiry; the claims' shape is checked too. */
export async function verifyEmbedToken(secret: string, token: string): Promise<EmbedClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { algorithms: ['HS256'], subject: 'embed' });
    const { dash, pan, vars, exp } = payload as { dash?: unknown; pan?: unknown; vars?: unknown; exp?: number };
    if (
      typeof dash !== 'string' ||
      !Array.isArray(pan) ||
      !pan.every(Number.isInteger) ||
      typeof vars !== 'object' ||
      !vars ||
      !exp
    ) {
      throw new EmbedRefusal('invalid', 'Embed token is malformed', 401);
    }
    return { dashboardUid: dash, panelIds: pan as number[], vars: vars as EmbedClaims['vars'], exp };
  } catch (err) {
    if (err instanceof EmbedRefusal || (err as { status?: number }).status === 503) throw err;
    if (err instanceof joseErrors.JWTExpired) throw new EmbedRefusal('expired', 'Embed token has expired', 401);
    throw new EmbedRefusal('invalid', 'Embed token is invalid (bad signature or format)', 401);
  }
}
