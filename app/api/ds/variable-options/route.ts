import { getRuntime } from '@/lib/runtime-access';
import { VariableOptionsRequestSchema } from '@/lib/query/protocol';
import { errorResponse, parseJsonBody } from '@/lib/http/respond';
import { readGrant } from '@/lib/auth/principal-header';
import { actorName } from '@/lib/auth/service';

export const dynamic = 'force-dynamic';

/**
 * The variables editor's preview (editors only: `lib/auth/access.ts`): the values of a variable as it is being
 * edited. `{variable, range: {from, to}, dashboardUid?}` → `{values: string[], ms, sql?}`. A query variable's SQL
 * runs read-only, timed out and capped as a saved one's, its macros rendered over `range` (`sql` is what was sent,
 * logged with the user); custom and interval values are parsed as the server parses them.
 */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, VariableOptionsRequestSchema);
  if (body instanceof Response) return body;
  try {
    const actor = actorName(readGrant(req.headers)) ?? 'anonymous';
    return Response.json(await getRuntime().previewVariable(body, actor));
  } catch (err) {
    return errorResponse(err);
  }
}
