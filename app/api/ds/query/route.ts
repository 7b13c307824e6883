import { getRuntime } from '@/lib/runtime-access';
import { AdHocQueryRequestSchema } from '@/lib/query/protocol';
import { errorResponse, parseJsonBody } from '@/lib/http/respond';
import { readGrant } from '@/lib/auth/principal-header';
import { actorName } from '@/lib/auth/service';

export const dynamic = 'force-dynamic';

/**
 * Run SQL typed in the panel editor (editors only: `lib/auth/access.ts`; viewers and embeds only ever query saved
 * panels by id). Read-only, timed out, row-capped and cancelled with the request, as a panel's query; logged.
 * `{range, queries:[{refId, datasource?:{uid}, rawSql, format?}], dashboardUid?, vars?, maxDataPoints?}` →
 * `{frames, errors?, queries:[{refId, datasourceUid, sql}], ms}`, `sql` being what was sent, macros expanded.
 */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, AdHocQueryRequestSchema);
  if (body instanceof Response) return body;
  try {
    const actor = actorName(readGrant(req.headers)) ?? 'anonymous';
    return Response.json(await getRuntime().adHocQuery(body, actor, req.signal));
  } catch (err) {
    return errorResponse(err);
  }
}
