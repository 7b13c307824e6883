import { z } from 'zod';
import { getRuntime } from '@/lib/runtime-access';
import { errorResponse, parseJsonBody } from '@/lib/http/respond';
import { VarValuesSchema } from '@/lib/query/protocol';
import { issueEmbed } from '@/lib/embed/issue';
import { resolveVariables } from '@/lib/query/variables';

export const dynamic = 'force-dynamic';

const BodySchema = z.object({
  dashboardUid: z.string().min(1).max(40),
  panelId: z.number().int().positive(),
  vars: VarValuesSchema.optional(),
  ttlSeconds: z
    .number()
    .int()
    .min(1)
    .max(365 * 86_400)
    .optional(),
});

/** The origin the caller used (Next rewrites `req.url` to its own hostname). */
function requestOrigin(req: Request): string {
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
  return host && /^[A-Za-z0-9.:[\]-]+$/.test(host)
    ? `${proto === 'https' ? 'https' : 'http'}://${host}`
    : new URL(req.url).origin;
}

/** Issue an embed token for one panel (editors: the access table in lib/auth/access.ts says so). */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, BodySchema);
  if (body instanceof Response) return body;
  try {
    const rt = getRuntime();
    const dashboard = rt.dashboards.get(body.dashboardUid);
    if (dashboard && body.vars)
      await resolveVariables(dashboard, body.vars, (v, range) => rt.variableOptions(v, range));
    const origin = process.env.PULSEBOARD_PUBLIC_URL || requestOrigin(req);
    return Response.json(await issueEmbed(rt.dashboards, rt.embedSecret, origin, body));
  } catch (err) {
    return errorResponse(err);
  }
}
