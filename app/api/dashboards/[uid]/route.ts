import { getRuntime } from '@/lib/runtime-access';

export const dynamic = 'force-dynamic';

/** The dashboard document as provisioned (Grafana-style JSON). */
export async function GET(_req: Request, ctx: { params: Promise<{ uid: string }> }): Promise<Response> {
  const { uid } = await ctx.params;
  const d = getRuntime().dashboards.get(uid);
  if (!d) return Response.json({ error: `Dashboard "${uid}" not found` }, { status: 404 });
  return Response.json(d);
}
