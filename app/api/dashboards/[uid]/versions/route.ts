import { dashboardError, library } from '@/lib/dashboards/handlers';

export const dynamic = 'force-dynamic';

/** Every saved version, newest first: `{versions: [{version, author, createdAt, message}]}`. */
export async function GET(_req: Request, ctx: { params: Promise<{ uid: string }> }): Promise<Response> {
  const { uid } = await ctx.params;
  try {
    return Response.json({ versions: await library().versions(uid) });
  } catch (err) {
    return dashboardError(err);
  }
}
