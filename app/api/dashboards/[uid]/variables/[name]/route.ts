import { getRuntime } from '@/lib/runtime-access';
import { errorResponse } from '@/lib/http/respond';
import { customOptions } from '@/lib/dashboards/custom-options';
import { QueryRequestSchema } from '@/lib/query/protocol';

export const dynamic = 'force-dynamic';

/**
 * Options of one dashboard variable: `{options: [{text, value}]}`. `?from&to` is the range the dashboard is viewed
 * at (default: its own): a query variable's SQL renders its macros (`$__timeFilter`…) over it.
 */
export async function GET(req: Request, ctx: { params: Promise<{ uid: string; name: string }> }): Promise<Response> {
  const { uid, name } = await ctx.params;
  const rt = getRuntime();
  const dashboard = rt.dashboards.get(uid);
  const v = dashboard?.templating.list.find((x) => x.name === name);
  if (!dashboard || !v)
    return Response.json({ error: `Variable "${name}" not found in dashboard "${uid}"` }, { status: 404 });
  const q = new URL(req.url).searchParams;
  const range = QueryRequestSchema.shape.range.safeParse({
    from: q.get('from') || dashboard.time.from,
    to: q.get('to') || dashboard.time.to,
  });
  if (!range.success) {
    const i = range.error.issues[0];
    return Response.json({ error: `Invalid range: ${i.path.join('.')}: ${i.message}` }, { status: 400 });
  }
  try {
    const values = await rt.variableOptions(v, range.data);
    const text = new Map(customOptions(v).map((o) => [o.value, o.text]));
    return Response.json({ options: values.map((value) => ({ text: text.get(value) ?? value, value })) });
  } catch (err) {
    return errorResponse(err);
  }
}
