import { dashboardDocument } from '@/lib/dashboards/handlers';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ uid: string }> };

/** The dashboard's JSON document as a download (`<uid>.json`), at its current version. */
export async function GET(_req: Request, ctx: Ctx): Promise<Response> {
  const { uid } = await ctx.params;
  const found = dashboardDocument(uid);
  if (!found) return Response.json({ error: `Dashboard "${uid}" not found` }, { status: 404 });
  return new Response(`${JSON.stringify(found.dashboard, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${uid}.json"`,
      'cache-control': 'no-store',
    },
  });
}
