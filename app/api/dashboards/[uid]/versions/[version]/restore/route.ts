import { z } from 'zod';
import { parseJsonBody } from '@/lib/http/respond';
import { author, dashboardError, library, versionParam } from '@/lib/dashboards/handlers';

export const dynamic = 'force-dynamic';

const Body = z.object({ message: z.string().max(500).optional() });

/** Restore a version (editors): its document becomes a new version; history is never rewritten. */
export async function POST(
  req: Request,
  ctx: { params: Promise<{ uid: string; version: string }> },
): Promise<Response> {
  const { uid, version } = await ctx.params;
  // The body is optional: no body, or `{message}`.
  const hasBody = req.headers.get('content-length') !== '0' && req.body !== null;
  const body = hasBody ? await parseJsonBody(req, Body.optional()) : {};
  if (body instanceof Response) return body;
  try {
    const { meta } = await library().restore(uid, versionParam(version), author(req), body?.message);
    return Response.json({ uid, version: meta.version, url: `/d/${uid}`, status: 'success' });
  } catch (err) {
    return dashboardError(err);
  }
}
