import { z } from 'zod';
import { PulseboardError } from '../errors';

/** JSON error body `{error}` with the status an error carries (PulseboardError), 500 otherwise. */
export function errorResponse(err: unknown): Response {
  const status = (err as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 600) {
    return Response.json({ error: (err as Error).message }, { status });
  }
  console.error('[pulseboard] unexpected error', err);
  return Response.json({ error: 'Internal server error' }, { status: 500 });
}

/** JSON request bodies (a query, an embed-token request) are small: past this they are refused unread. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * The body as text, refused with a 413 past `maxBytes` whether the client declared its length or streams it
 * (chunked): what is past the limit is never held in memory. The server closes the connection after the answer.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const tooLarge = () => new PulseboardError(`Body larger than ${maxBytes} bytes`, 413, 'too_large');
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      reader.releaseLock();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Read and validate a JSON body; the 400 names the first bad field, a body over `maxBytes` is a 413. */
export async function parseJsonBody<T>(
  req: Request,
  schema: z.ZodType<T>,
  maxBytes = MAX_JSON_BODY_BYTES,
): Promise<T | Response> {
  let body: unknown;
  try {
    body = JSON.parse(await readBodyText(req, maxBytes));
  } catch (err) {
    if ((err as PulseboardError).status === 413) return errorResponse(err);
    return Response.json({ error: 'Body must be valid JSON' }, { status: 400 });
  }
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const i = r.error.issues[0];
  const where = i.path.length ? i.path.join('.') : 'body';
  return Response.json({ error: `Invalid request: ${where}: ${i.message}` }, { status: 400 });
}
