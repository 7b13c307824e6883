import { handle } from '@/lib/auth/handlers';
import { PulseboardError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** Security events, newest first (admins): `?limit=` (1–500, default 100), `?before=<id>` for the next page. */
export async function GET(req: Request): Promise<Response> {
  return handle(req, undefined, async ({ auth }) => {
    const q = new URL(req.url).searchParams;
    const limit = q.get('limit') ?? '100';
    const before = q.get('before');
    if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > 500)
      throw new PulseboardError('limit must be a whole number from 1 to 500', 400);
    if (before !== null && !/^\d{1,15}$/.test(before)) throw new PulseboardError('before must be an event id', 400);
    const events = await auth.store.audit.list({ limit: Number(limit), before: before ? Number(before) : undefined });
    return Response.json({ events });
  });
}
