import { parseJsonBody } from '@/lib/http/respond';
import { IMPORT_MAX_BYTES, ImportBodySchema, previewImport } from '@/lib/dashboards/import-handlers';

export const dynamic = 'force-dynamic';

/**
 * What importing this Grafana JSON would save, without saving (editors): `{dashboard, unconverted, warnings,
 * inputs (datasource inputs), constants, missingInputs, exists, datasources}`.
 */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, ImportBodySchema, IMPORT_MAX_BYTES);
  if (body instanceof Response) return body;
  return previewImport(body);
}
