import { z } from 'zod';
import { parseJsonBody } from '@/lib/http/respond';
import { author, dashboardError, library } from '@/lib/dashboards/handlers';

export const dynamic = 'force-dynamic';

/** Grafana's body; `folderUid` and `folderId` are accepted and ignored (there are no folders yet). */
const Body = z.object({
  dashboard: z.record(z.string(), z.unknown()),
  overwrite: z.boolean().optional(),
  message: z.string().max(500).optional(),
  folderUid: z.string().max(40).optional(),
  folderId: z.number().optional(),
});

/**
 * Grafana's `POST /api/dashboards/db`, so existing scripts work: creates, or saves based on `dashboard.version`
 * (412 `version-mismatch` when it is stale), or over anything with `overwrite: true`.
 */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, Body);
  if (body instanceof Response) return body;
  try {
    const { dashboard, meta } = await library().grafanaSave(body, author(req));
    return Response.json({
      id: 0,
      uid: dashboard.uid,
      version: meta.version,
      url: `/d/${dashboard.uid}`,
      slug: dashboard.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
      status: 'success',
    });
  } catch (err) {
    return dashboardError(err);
  }
}
