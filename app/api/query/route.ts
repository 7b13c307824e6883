import { getRuntime } from '@/lib/runtime-access';
import { QueryRequestSchema } from '@/lib/query/protocol';
import { errorResponse, parseJsonBody } from '@/lib/http/respond';

export const dynamic = 'force-dynamic';

/** One panel's data: the server looks up its SQL; viewers never send SQL. */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, QueryRequestSchema);
  if (body instanceof Response) return body;
  try {
    return Response.json(await getRuntime().query(body, req.signal));
  } catch (err) {
    return errorResponse(err);
  }
}
