import { getRuntime } from '@/lib/runtime-access';
import { errorResponse, readBodyText } from '@/lib/http/respond';
import { INGEST_TABLES, isIngestTable } from '@/lib/ingest/tables';
import { parseIngestBody } from '@/lib/ingest/parse';

export const dynamic = 'force-dynamic';

const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Write a batch (JSON array or NDJSON), all or nothing; `Idempotency-Key` makes a retried batch a no-op. */
export async function POST(req: Request, ctx: { params: Promise<{ table: string }> }): Promise<Response> {
  const { table } = await ctx.params;
  if (!isIngestTable(table)) {
    return Response.json(
      { error: `Unknown table "${table}"; writable tables: ${Object.keys(INGEST_TABLES).join(', ')}` },
      { status: 404 },
    );
  }
  const key = req.headers.get('idempotency-key') ?? undefined;
  if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
    return Response.json({ error: 'Idempotency-Key must be 1-200 visible ASCII characters' }, { status: 400 });
  }
  try {
    const rows = parseIngestBody(table, await readBodyText(req, MAX_BODY_BYTES), req.headers.get('content-type') ?? '');
    const res = await getRuntime().ingest(table, rows, key);
    return Response.json(res, { status: res.replayed ? 200 : 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
