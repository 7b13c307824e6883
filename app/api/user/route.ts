import { handle } from '@/lib/auth/handlers';
import { publicUser } from '@/lib/auth/service';

export const dynamic = 'force-dynamic';

/** Who am I: the signed-in user (or token, or anonymous) and the role the server gives this request. */
export async function GET(req: Request): Promise<Response> {
  return handle(req, undefined, async ({ auth, grant }) => {
    const user =
      grant.kind === 'user' && grant.userId !== undefined ? await auth.store.users.get(grant.userId) : undefined;
    return Response.json(
      {
        kind: grant.kind,
        role: grant.role ?? null,
        user: user ? publicUser(user) : null,
        anonymousViewing: auth.config.anonymous,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  });
}
