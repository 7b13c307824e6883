import { handle, pathId } from '@/lib/auth/handlers';

export const dynamic = 'force-dynamic';

/** Revoke an API token (admins): requests and sockets using it stop at once. */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return handle(req, undefined, async ({ auth, actor }) =>
    Response.json({ token: await auth.revokeToken(pathId(id, 'token'), actor) }),
  );
}
