import { z } from 'zod';
import { getRuntime } from '@/lib/runtime-access';
import { parseJsonBody } from '@/lib/http/respond';
import { author, dashboardError, library } from '@/lib/dashboards/handlers';

export const dynamic = 'force-dynamic';

/** Every dashboard: uid, title, tags, panel count, and its version and whether it is provisioned. */
export function GET(): Response {
  const rt = getRuntime();
  return Response.json({ dashboards: rt.library?.list() ?? rt.dashboards.list() });
}

const CreateBody = z.object({
  dashboard: z.record(z.string(), z.unknown()),
  message: z.string().max(500).optional(),
});

/** Create a dashboard (editors): `{dashboard, message?}`; a missing uid is generated. 409 when the uid is taken. */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, CreateBody);
  if (body instanceof Response) return body;
  try {
    const { dashboard, meta } = await library().create(body.dashboard, author(req), body.message);
    return Response.json(
      { uid: dashboard.uid, version: meta.version, url: `/d/${dashboard.uid}`, status: 'success' },
      { status: 201 },
    );
  } catch (err) {
    return dashboardError(err);
  }
}
