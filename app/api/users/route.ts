import { z } from 'zod';
import { handle } from '@/lib/auth/handlers';
import { ROLES } from '@/lib/store/types';

export const dynamic = 'force-dynamic';

const Body = z.object({
  login: z.string().max(64),
  name: z.string().max(100).optional(),
  role: z.enum(ROLES),
  password: z.string().max(256),
});

/** Every user (admins). */
export async function GET(req: Request): Promise<Response> {
  return handle(req, undefined, async ({ auth }) => Response.json({ users: await auth.listUsers() }));
}

/** Create a user (admins). */
export async function POST(req: Request): Promise<Response> {
  return handle(req, Body, async ({ auth, actor }, body) =>
    Response.json({ user: await auth.createUser(body, actor) }, { status: 201 }),
  );
}
