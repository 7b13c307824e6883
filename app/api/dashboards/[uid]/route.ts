import { z } from 'zod';
import { parseJsonBody } from '@/lib/http/respond';
import { author, dashboardDocument, dashboardError, library } from '@/lib/dashboards/handlers';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ uid: string }> };

/** The dashboard document (Grafana-style JSON) with `meta`: version, provisioned, who saved it and when. */
export async function GET(_req: Request, ctx: Ctx): Promise<Response> {
  const { uid } = await ctx.params;
  const found = dashboardDocument(uid);
  if (!found) return Response.json({ error: `Dashboard "${uid}" not found` }, { status: 404 });
  return Response.json(found.meta ? { ...found.dashboard, meta: found.meta } : found.dashboard);
}

const SaveBody = z.object({
  dashboard: z.record(z.string(), z.unknown()),
  /** The version this save is based on; a newer one in the store gets 412. */
  version: z.number().int().min(1).optional(),
  /** Save over whatever version is there (after the user confirmed). */
  overwrite: z.boolean().optional(),
  message: z.string().max(500).optional(),
});

/** Save a new version (editors): `{dashboard, version, message?}`, or `{dashboard, overwrite: true}`. */
export async function PUT(req: Request, ctx: Ctx): Promise<Response> {
  const { uid } = await ctx.params;
  const body = await parseJsonBody(req, SaveBody);
  if (body instanceof Response) return body;
  if (body.version === undefined && !body.overwrite)
    return Response.json(
      { error: 'version is required: the version this save is based on (or overwrite: true)' },
      { status: 400 },
    );
  try {
    const base = body.overwrite ? 'any' : body.version!;
    const { meta } = await library().update(uid, body.dashboard, base, author(req), body.message);
    return Response.json({ uid, version: meta.version, url: `/d/${uid}`, status: 'success' });
  } catch (err) {
    return dashboardError(err);
  }
}

/** Delete a dashboard and its versions (editors); provisioned ones are refused. */
export async function DELETE(req: Request, ctx: Ctx): Promise<Response> {
  const { uid } = await ctx.params;
  try {
    await library().remove(uid, author(req));
    return Response.json({ uid, status: 'deleted' });
  } catch (err) {
    return dashboardError(err);
  }
}
