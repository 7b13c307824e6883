import { z } from 'zod';
import { handle } from '@/lib/auth/handlers';
import { sessionCookie } from '@/lib/auth/gate';

export const dynamic = 'force-dynamic';

const Body = z.object({
  login: z.string().max(64),
  password: z.string().max(256),
});

/** Log in: opens a session and sets its cookie (httpOnly, SameSite=Lax, Secure behind https). */
export async function POST(req: Request): Promise<Response> {
  return handle(req, Body, async ({ auth, grant }, body) => {
    const ua = req.headers.get('user-agent') ?? '';
    const { token, user, expiresAt } = await auth.login(body.login, body.password, grant.ip ?? 'unknown', ua);
    const res = Response.json({ user, expiresAt });
    res.headers.set('Set-Cookie', sessionCookie(token, auth.config.maxAgeMs, !!grant.https));
    res.headers.set('Cache-Control', 'no-store');
    return res;
  });
}
