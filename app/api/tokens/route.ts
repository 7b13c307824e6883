import { z } from 'zod';
import { handle } from '@/lib/auth/handlers';
import { ROLES } from '@/lib/store/types';

export const dynamic = 'force-dynamic';

const Body = z.object({
  name: z.string().max(100),
  role: z.enum(ROLES),
  /** Grafana's service-account token field; or `expiresAt` as an ISO time. Neither: the token does not expire. */
  secondsToLive: z
    .number()
    .int()
    .positive()
    .max(10 * 365 * 86_400)
    .optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/** API tokens (admins); the secrets are never shown again. */
export async function GET(req: Request): Promise<Response> {
  return handle(req, undefined, async ({ auth }) => Response.json({ tokens: await auth.listTokens() }));
}

/** Create an API token: the answer holds its secret, once. */
export async function POST(req: Request): Promise<Response> {
  return handle(req, Body, async ({ auth, actor }, body) => {
    const expiresAt = body.secondsToLive
      ? Date.now() + body.secondsToLive * 1000
      : body.expiresAt
        ? Date.parse(body.expiresAt)
        : null;
    return Response.json(
      { token: await auth.createToken({ name: body.name, role: body.role, expiresAt }, actor) },
      { status: 201, headers: { 'Cache-Control': 'no-store' } },
    );
  });
}
