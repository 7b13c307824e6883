import { z } from 'zod';

/** JSON error body `{error}` with the status an error carries (PulseboardError), 500 otherwise. */
export function errorResponse(err: unknown): Response {
  const status = (err as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 600) {
    return Response.json({ error: (err as Error).message }, { status });
  }
  console.error('[pulseboard] unexpected error', err);
  return Response.json({ error: 'Internal server error' }, { status: 500 });
}

/** Read and validate a JSON body; the 400 names the first bad field. */
export async function parseJsonBody<T>(req: Request, schema: z.ZodType<T>): Promise<T | Response> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    return Response.json({ error: 'Body must be valid JSON' }, { status: 400 });
  }
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const where = i.path.length ? i.path.join('.') : 'body';
  return Response.json({ error: `Invalid request: ${where}: ${i.message}` }, { status: 400 });
}
