import { dashboardError, library, versionParam } from '@/lib/dashboards/handlers';

export const dynamic = 'force-dynamic';

/** One saved version with its document: `{version, author, createdAt, message, dashboard}`. */
export async function GET(
  _req: Request,
  ctx: { params: Promise<{ uid: string; version: string }> },
): Promise<Response> {
  const { uid, version } = await ctx.params;
  try {
    return Response.json(await library().version(uid, versionParam(version)));
  } catch (err) {
    return dashboardError(err);
  }
}
