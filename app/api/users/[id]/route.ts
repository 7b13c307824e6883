import { z } from 'zod';
import { handle, pathId } from '@/lib/auth/handlers';
import { ROLES } from '@/lib/store/types';

export const dynamic = 'force-dynamic';

const Body = z
  .object({
    name: z.string().max(100).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    password: z.string().max(256).optional(),
  })
  .strict();

/** Change a user (admins): name, role, disable or enable, reset the password. */
export async function PATCH(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await ctx.params;
  return handle(req, Body, async ({ auth, actor }, body) =>
    Response.json({ user: await auth.updateUser(pathId(id, 'user'), body, actor) }),
  );
}
