import { z } from 'zod';
import { getAuth } from '../runtime-access';
import { errorResponse, parseJsonBody } from '../http/respond';
import { PulseboardError } from '../errors';
import { readGrant, type GateGrant } from './principal-header';
import type { AuthService } from './service';

/** What an accounts route handler needs: the service, who is asking (as the gate decided) and their address. */
export interface AuthContext {
  auth: AuthService;
  grant: GateGrant;
  actor: { principal: GateGrant; ip: string };
}

function authContext(req: Request): AuthContext {
  const grant = readGrant(req.headers);
  return { auth: getAuth(), grant, actor: { principal: grant, ip: grant.ip ?? 'unknown' } };
}

/** Run an accounts handler: a JSON body checked by `schema` (when given), errors as `{error}` with their status. */
export async function handle<T>(
  req: Request,
  schema: z.ZodType<T> | undefined,
  fn: (ctx: AuthContext, body: T) => Promise<Response>,
): Promise<Response> {
  let body = undefined as T;
  if (schema) {
    const parsed = await parseJsonBody(req, schema);
    if (parsed instanceof Response) return parsed;
    body = parsed;
  }
  try {
    return await fn(authContext(req), body);
  } catch (err) {
    const res = errorResponse(err);
    const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retry) res.headers.set('Retry-After', String(retry));
    return res;
  }
}

/** A numeric id from the path, or a 400 naming it. */
export function pathId(raw: string, what: string): number {
  if (!/^\d{1,15}$/.test(raw))
    throw new PulseboardError(`${what} id must be a number, got "${raw.slice(0, 40)}"`, 400, 'bad_id');
  return Number(raw);
}
