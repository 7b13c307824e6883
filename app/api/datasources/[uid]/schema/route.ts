import { getRuntime } from '@/lib/runtime-access';
import { errorResponse } from '@/lib/http/respond';
import { SchemaQuerySchema } from '@/lib/datasources/schema';

export const dynamic = 'force-dynamic';

/**
 * Tables and columns for the panel editor's autocomplete (editors). `?prefix=` (tables whose name starts with it,
 * any case), `?limit=` (1–1000, default 200), or `?table=` for one table's columns →
 * `{tables: [{name, schema?, columns?: [{name, type}]}], truncated, cachedAt}`. The catalog is read once a minute.
 */
export async function GET(req: Request, ctx: { params: Promise<{ uid: string }> }): Promise<Response> {
  const { uid } = await ctx.params;
  const q = SchemaQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!q.success) {
    const issue = q.error.issues[0];
    return Response.json({ error: `Invalid request: ${issue.path.join('.')}: ${issue.message}` }, { status: 400 });
  }
  try {
    return Response.json(await getRuntime().schema(uid, q.data));
  } catch (err) {
    return errorResponse(err);
  }
}
