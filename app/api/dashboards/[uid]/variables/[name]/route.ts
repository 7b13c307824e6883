import { getRuntime } from '@/lib/runtime-access';
import { errorResponse } from '@/lib/http/respond';
import { customOptions } from '@/lib/dashboards/custom-options';

export const dynamic = 'force-dynamic';

/** Options of one dashboard variable: `{options: [{text, value}]}`. */
export async function GET(_req: Request, ctx: { params: Promise<{ uid: string; name: string }> }): Promise<Response> {
  const { uid, name } = await ctx.params;
  const rt = getRuntime();
  const v = rt.dashboards.get(uid)?.templating.list.find((x) => x.name === name);
  if (!v) return Response.json({ error: `Variable "${name}" not found in dashboard "${uid}"` }, { status: 404 });
  try {
    const values = await rt.variableOptions(v);
    const text = new Map(customOptions(v).map((o) => [o.value, o.text]));
    return Response.json({ options: values.map((value) => ({ text: text.get(value) ?? value, value })) });
  } catch (err) {
    return errorResponse(err);
  }
}
