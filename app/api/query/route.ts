import { getRuntime } from '@/lib/runtime-access';
import { QueryRequestSchema } from '@/lib/query/protocol';
import { errorResponse, parseJsonBody } from '@/lib/http/respond';
import { readGrant } from '@/lib/auth/principal-header';

export const dynamic = 'force-dynamic';

/** One panel's data: the server looks up its SQL; viewers never send SQL. Without a role, embed grants only. */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, QueryRequestSchema);
  if (body instanceof Response) return body;
  try {
    return Response.json(await getRuntime().query(body, req.signal, readGrant(req.headers).embedOnly));
  } catch (err) {
    return errorResponse(err);
  }
}
