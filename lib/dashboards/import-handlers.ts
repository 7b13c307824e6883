/**
 * `POST /api/dashboards/import` and `…/import/preview`: a Grafana dashboard JSON converted (grafana-import.ts) and,
 * for the import, saved through the dashboard library, so it gets versions and an author like any save.
 */
import { z } from 'zod';
import { getRuntime } from '../runtime-access';
import { convertGrafanaDashboard, type GrafanaImport, type GrafanaInput } from './grafana-import';
import { newUid } from './library';
import { dashboardError, library } from './handlers';

/** Grafana exports can be large (many panels, long SQL): more room than other JSON bodies. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const InputValue = z.string().min(1).max(200);

export const ImportBodySchema = z.object({
  /** The Grafana dashboard JSON (an export, or Grafana's `{dashboard, meta}` answer). */
  dashboard: z.record(z.string(), z.unknown()),
  /**
   * `__inputs` values: `{DS_X: '<datasource uid>', VAR_Y: '<value>'}`, or Grafana's own list
   * `[{name, value, type?, pluginId?}]`.
   */
  inputs: z
    .union([
      z.record(z.string(), InputValue),
      z.array(z.looseObject({ name: z.string().min(1).max(200), value: InputValue })).max(200),
    ])
    .optional(),
  overwrite: z.boolean().optional(),
  message: z.string().max(500).optional(),
  /** Accepted and ignored: there are no folders yet. */
  folderUid: z.string().max(40).optional(),
});

type ImportBody = z.infer<typeof ImportBodySchema>;

function inputsOf(body: ImportBody): Record<string, string> {
  const i = body.inputs ?? {};
  return Array.isArray(i) ? Object.fromEntries(i.map((x) => [x.name, x.value])) : i;
}

function datasourceChoices() {
  return getRuntime()
    .datasources.list()
    .map((d) => ({ uid: d.uid, name: d.name, type: d.type }));
}

function convert(body: ImportBody): GrafanaImport {
  const rt = getRuntime();
  return convertGrafanaDashboard(body.dashboard, {
    inputs: inputsOf(body),
    datasources: datasourceChoices(),
    defaultDatasource: rt.demo.uid,
    newUid,
  });
}

const inputSummary = (i: GrafanaInput) => ({ name: i.name, label: i.label, pluginId: i.pluginId, type: i.type });

/**
 * What an import would save, without saving: the dashboard, what is not converted, the datasource inputs to map and
 * the constants (with their exported values).
 */
export function previewImport(body: ImportBody): Response {
  try {
    const r = convert(body);
    return Response.json({
      dashboard: r.dashboard,
      unconverted: r.unconverted,
      warnings: r.warnings,
      // What the mapping step asks for: datasource inputs; constants carry their exported value, used unless given.
      inputs: r.inputs.filter((i) => i.type === 'datasource'),
      constants: r.inputs.filter((i) => i.type !== 'datasource'),
      missingInputs: r.missingInputs.map((i) => i.name),
      exists: !!getRuntime().library?.metaOf(r.dashboard.uid),
      datasources: datasourceChoices(),
    });
  } catch (err) {
    return dashboardError(err);
  }
}

function inputsRequired(missing: GrafanaInput[]): Response {
  const message = `Choose a datasource for ${missing.map((i) => `${i.name} (${i.label})`).join(', ')}: send inputs: {"${missing[0].name}": "<datasource uid>"}`;
  return Response.json(
    {
      status: 'inputs-required',
      message,
      error: message,
      inputs: missing.map(inputSummary),
      datasources: datasourceChoices(),
    },
    { status: 400 },
  );
}

function nameExists(uid: string, title: string): Response {
  const message = `A dashboard with uid "${uid}" already exists ("${title}"): import with overwrite: true to replace it (a new version), or give the JSON another uid`;
  return Response.json({ status: 'name-exists', message, error: message, uid }, { status: 412 });
}

/** Convert and save; 400 `inputs-required` naming the datasource inputs without a value, 412 on a taken uid. */
export async function runImport(body: ImportBody, author: string | null): Promise<Response> {
  try {
    const r = convert(body);
    if (r.missingInputs.length) return inputsRequired(r.missingInputs);
    const { uid, title } = r.dashboard;
    const existing = library().metaOf(uid);
    if (existing && !body.overwrite) return nameExists(uid, getRuntime().dashboards.get(uid)?.title ?? uid);
    const saved = await save(r, existing ? 'update' : 'create', author, body.message ?? 'Imported from Grafana');
    if (!saved) return nameExists(uid, uid);
    return Response.json({
      uid,
      version: saved.meta.version,
      url: `/d/${uid}`,
      title,
      status: 'success',
      imported: true,
      unconverted: r.unconverted,
      warnings: r.warnings,
    });
  } catch (err) {
    return dashboardError(err);
  }
}

/** Through the library (versions, author); undefined when another save took the uid meanwhile. */
async function save(r: GrafanaImport, how: 'create' | 'update', author: string | null, msg: string) {
  const lib = library();
  try {
    return how === 'update'
      ? await lib.update(r.dashboard.uid, r.dashboard, 'any', author, msg)
      : await lib.create(r.dashboard, author, msg);
  } catch (err) {
    // By its code, not `instanceof`: the library was made by the server's module graph, this runs in Next's.
    if ((err as { code?: string }).code === 'exists') return undefined;
    throw err;
  }
}
