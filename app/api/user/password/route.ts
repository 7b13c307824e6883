import { z } from 'zod';
import { handle } from '@/lib/auth/handlers';

export const dynamic = 'force-dynamic';

const Body = z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) });

/** Change my own password; my other sessions end. */
export async function PUT(req: Request): Promise<Response> {
  return handle(req, Body, async ({ auth, grant, actor }, body) => {
    await auth.changeOwnPassword(grant, body.currentPassword, body.newPassword, actor.ip);
    return Response.json({ ok: true });
  });
}
