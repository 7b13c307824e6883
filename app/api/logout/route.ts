import { handle } from '@/lib/auth/handlers';
import { clearedSessionCookie } from '@/lib/auth/gate';

export const dynamic = 'force-dynamic';

/** Log out: the session ends in the store (and its open live sockets close) and the cookie is cleared. */
export async function POST(req: Request): Promise<Response> {
  return handle(req, undefined, async ({ auth, grant, actor }) => {
    await auth.logout(grant, actor.ip);
    const res = Response.json({ ok: true });
    res.headers.set('Set-Cookie', clearedSessionCookie(!!grant.https));
    return res;
  });
}
