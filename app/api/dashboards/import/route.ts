import { parseJsonBody } from '@/lib/http/respond';
import { author } from '@/lib/dashboards/handlers';
import { IMPORT_MAX_BYTES, ImportBodySchema, runImport } from '@/lib/dashboards/import-handlers';

export const dynamic = 'force-dynamic';

/**
 * Import a Grafana dashboard JSON (editors): `{dashboard, inputs?, overwrite?, message?, folderUid?}` →
 * `{uid, version, url, title, status, imported, unconverted, warnings}`; 400 `inputs-required` when `__inputs`
 * datasources have no value; 412 `name-exists` when the uid is taken and `overwrite` is not set.
 */
export async function POST(req: Request): Promise<Response> {
  const body = await parseJsonBody(req, ImportBodySchema, IMPORT_MAX_BYTES);
  if (body instanceof Response) return body;
  return runImport(body, author(req));
}
