/**
 * Grafana dashboard JSON (any schema version: old `rows[]`, `graph`/`singlestat`/`table-old`, new panels, `row`
 * panels) to a Pulseboard dashboard. `__inputs` are filled as Grafana's import does (every `${NAME}` in the JSON
 * replaced), datasource references by uid or name map to Pulseboard's datasources and the rest to a default, SQL
 * targets keep their `rawSql` and macros as written. Nothing is dropped silently: a panel that cannot be converted
 * becomes a text placeholder at its place saying why, and is listed in `unconverted`; what is lost on the panels
 * that are converted is said in `warnings`.
 */
import { PulseboardError } from '../errors';
import { getDialect } from '../sql/dialects';
import { renderMacros } from '../sql/macros';
import { interpolateVariables } from '../sql/variables';
import type { Dashboard, Panel, Variable } from './schema';
import { parseDashboard } from './store';
import { arr, mapStrings, obj, str, type Json } from './grafana-json';
import { layoutDashboard, type LayoutItem } from './grafana-layout';
import { convertPanel, type PanelContext, type ResolvedRef } from './grafana-panels';
import { convertVariables } from './grafana-variables';

/** An entry of the export's `__inputs`: a datasource to pick, or a constant with its exported value. */
export interface GrafanaInput {
  name: string;
  label: string;
  /** `datasource` or `constant`. */
  type: string;
  /** The Grafana plugin the datasource was (`mysql`); empty for constants. */
  pluginId: string;
  description?: string;
  /** A constant's exported value. */
  value?: string;
}

interface DatasourceChoice {
  uid: string;
  name: string;
  type: string;
}

export interface ImportOptions {
  /** Values for `__inputs` by name: a Pulseboard datasource uid for a datasource input, the value for a constant. */
  inputs?: Record<string, string>;
  /** The datasources references may name (by uid or by name). */
  datasources: readonly DatasourceChoice[];
  /** Where a reference that names no Pulseboard datasource goes (Grafana's default datasource, `null`, others). */
  defaultDatasource: string;
  /** A uid for a dashboard whose JSON has none (Grafana before 5) or one Pulseboard cannot take. */
  newUid: () => string;
}

/** A panel kept as a text placeholder. */
interface UnconvertedPanel {
  /** The placeholder's id in the converted dashboard. */
  panelId: number;
  title: string;
  /** The Grafana panel type. */
  type: string;
  reason: string;
}

export interface GrafanaImport {
  dashboard: Dashboard;
  unconverted: UnconvertedPanel[];
  warnings: string[];
  /** The export's `__inputs`. */
  inputs: GrafanaInput[];
  /** Datasource inputs `options.inputs` gave no value for: their references went to the default datasource. */
  missingInputs: GrafanaInput[];
}

const UID = /^[A-Za-z0-9_-]{1,40}$/;
const INPUT_REF = /\$\{([A-Za-z0-9_]+)\}/g;

function badDashboard(message: string): PulseboardError {
  return new PulseboardError(message, 400, 'bad_dashboard');
}

/** The export's `__inputs` (entries without a name are skipped). */
export function readInputs(json: unknown): GrafanaInput[] {
  return arr(obj(json).__inputs)
    .map(obj)
    .filter((i) => str(i.name))
    .map((i) => ({
      name: str(i.name)!,
      label: str(i.label) ?? str(i.name)!,
      type: str(i.type) ?? 'datasource',
      pluginId: str(i.pluginId) ?? '',
      ...(str(i.description) ? { description: str(i.description) } : {}),
      ...(i.value !== undefined && i.value !== null ? { value: String(i.value) } : {}),
    }));
}

/** Input values to substitute, and the datasource inputs nobody gave a value for. */
function inputValues(inputs: GrafanaInput[], opts: ImportOptions) {
  const given = opts.inputs ?? {};
  const values = new Map<string, string>();
  const missing: GrafanaInput[] = [];
  for (const input of inputs) {
    const value = Object.hasOwn(given, input.name) ? given[input.name] : undefined;
    if (input.type !== 'datasource') values.set(input.name, value ?? input.value ?? '');
    else if (value === undefined) {
      missing.push(input);
      values.set(input.name, opts.defaultDatasource);
    } else if (!opts.datasources.some((d) => d.uid === value))
      throw badDashboard(
        `inputs.${input.name}: "${value.slice(0, 60)}" is not a datasource here; choose one of ${opts.datasources.map((d) => d.uid).join(', ')}`,
      );
    else values.set(input.name, value);
  }
  return { values, missing };
}

const BUILTIN = new Set(['-- Grafana --', '-- Dashboard --', 'grafana']);

function resolver(opts: ImportOptions): (ref: unknown) => ResolvedRef {
  const byKey = new Map<string, string>();
  for (const d of opts.datasources) byKey.set(d.name, d.uid);
  for (const d of opts.datasources) byKey.set(d.uid, d.uid);
  const named = (name: string, grafanaType?: string): ResolvedRef => {
    if (name === '-- Mixed --') return { kind: 'mixed' };
    if (BUILTIN.has(name) || grafanaType === 'grafana') return { kind: 'builtin', name };
    const uid = byKey.get(name);
    return uid
      ? { kind: 'uid', uid, grafanaType }
      : { kind: 'uid', uid: opts.defaultDatasource, grafanaType, unmatched: name };
  };
  return (ref) => {
    if (ref === undefined || ref === null || ref === '' || ref === 'default')
      return { kind: 'uid', uid: opts.defaultDatasource };
    if (typeof ref === 'string') return named(ref);
    const uid = str(obj(ref).uid);
    const type = str(obj(ref).type);
    return uid ? named(uid, type) : { kind: 'uid', uid: opts.defaultDatasource, grafanaType: type };
  };
}

/** A panel of the layout: converted, a placeholder saying why not, or a row. */
function toPanel(
  item: LayoutItem,
  ctx: PanelContext,
  unconverted: Array<Omit<UnconvertedPanel, 'panelId'> & { at: number }>,
  at: number,
): Omit<Panel, 'id'> {
  const text = (title: string, content: string) => ({
    type: 'text' as const,
    title,
    gridPos: item.gridPos,
    targets: [],
    fieldConfig: { defaults: {} },
    options: { mode: 'markdown', content },
  });
  if (item.kind === 'heading')
    return {
      type: 'row',
      title: item.title,
      collapsed: item.collapsed,
      gridPos: item.gridPos,
      targets: [],
      fieldConfig: { defaults: {} },
      options: {},
    };
  const r = convertPanel(item.raw, ctx);
  if ('panel' in r) return { ...r.panel, gridPos: item.gridPos };
  const type = str(item.raw.type) ?? (obj(item.raw.libraryPanel).uid ? 'library panel' : 'untyped');
  const title = str(item.raw.title) ?? '';
  unconverted.push({ at, title, type, reason: r.reason });
  return text(title || `Grafana ${type} panel`, `**Not converted from Grafana** (\`${type}\`): ${r.reason}.`);
}

/** Panel ids: Grafana's where they are whole, positive and unique; new ones after the largest for the rest. */
function assignIds(items: LayoutItem[], panels: Omit<Panel, 'id'>[]): Panel[] {
  const wanted = items.map((it) => (it.kind === 'panel' ? Number(it.raw.id) : Number.NaN));
  const used = new Set<number>();
  const ids = wanted.map((id) => (Number.isSafeInteger(id) && id > 0 && !used.has(id) ? (used.add(id), id) : 0));
  let next = Math.max(0, ...used) + 1;
  return panels.map((p, i) => ({ ...p, id: ids[i] || next++ }));
}

const REF_FORMS = (name: string) =>
  new RegExp(`\\$\\{${name}(?::[^}]*)?\\}|\\[\\[${name}(?::[^\\]]*)?\\]\\]|\\$${name}(?![A-Za-z0-9_])`, 'g');

/**
 * Constants written into the SQL that uses them: Grafana pastes a constant's value raw (a table name, usually),
 * while Pulseboard sends variable values as quoted literals, so `FROM $table` would no longer be a table.
 */
function inlineConstants(panels: Panel[], variables: Variable[], warn: (m: string) => void): void {
  for (const c of variables.filter((v) => v.type === 'constant')) {
    let uses = 0;
    const inline = (sql: string) => sql.replace(REF_FORMS(c.name), () => (uses++, c.query));
    for (const p of panels) for (const t of p.targets) t.rawSql = inline(t.rawSql);
    for (const v of variables) if (v.type === 'query') v.query = inline(v.query);
    if (uses)
      warn(
        `Constant $${c.name} ("${c.query.slice(0, 60)}") is written into the SQL where it is used (${uses}×), as Grafana pastes it`,
      );
  }
}

/** Render every target once as it would run, so SQL Pulseboard will refuse is named now, not at first view. */
function checkSql(panels: Panel[], variables: Variable[], opts: ImportOptions, warn: (m: string) => void): void {
  const values = Object.fromEntries(variables.map((v) => [v.name, [v.type === 'interval' ? '1m' : 'x']]));
  const range = { from: new Date(Date.UTC(2024, 0, 1)), to: new Date(Date.UTC(2024, 0, 1, 1)) };
  for (const p of panels) {
    for (const t of p.targets) {
      const type = opts.datasources.find((d) => d.uid === t.datasource?.uid)?.type ?? 'duckdb';
      try {
        const dialect = getDialect(type);
        renderMacros(interpolateVariables(t.rawSql, values, dialect), { dialect, range, intervalMs: 60_000 });
      } catch (err) {
        warn(`Panel "${p.title}" query ${t.refId} will not run as it is: ${(err as Error).message}`);
      }
    }
  }
}

/** `{dashboard, meta}` (Grafana's GET answer) or the dashboard itself. */
function unwrap(json: unknown): Json {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw badDashboard('dashboard must be a Grafana dashboard JSON object');
  const o = json as Json;
  return 'meta' in o && Object.keys(obj(o.dashboard)).length ? obj(o.dashboard) : o;
}

/** Convert a Grafana dashboard (see module comment). Throws 400 `bad_dashboard` for what is not one. */
export function convertGrafanaDashboard(json: unknown, opts: ImportOptions): GrafanaImport {
  const raw = unwrap(json);
  const title = str(raw.title)?.trim();
  if (!title) throw badDashboard('dashboard.title is missing: a Grafana dashboard has a title');
  const inputs = readInputs(raw);
  const { values, missing } = inputValues(inputs, opts);
  const { __inputs: _i, __requires: _r, __elements: _e, ...rest } = raw;
  const dash = obj(mapStrings(rest, (s) => s.replace(INPUT_REF, (m, n: string) => values.get(n) ?? m)));
  const warnings = new Set<string>();
  const warn = (m: string) => void warnings.add(m);
  for (const m of missing)
    warn(`Input ${m.name} (${m.label}) was not mapped: its queries run on "${opts.defaultDatasource}"`);
  const used = (ref: ResolvedRef) => {
    if (ref.kind === 'uid' && ref.unmatched)
      warn(
        `Datasource "${ref.unmatched.slice(0, 60)}"${ref.grafanaType ? ` (${ref.grafanaType})` : ''} is not one here: its SQL runs on "${ref.uid}"`,
      );
  };
  const ctx: PanelContext = { resolve: resolver(opts), used, fallback: opts.defaultDatasource, warn };
  const items = layoutDashboard(dash, warn);
  const unconverted: Array<Omit<UnconvertedPanel, 'panelId'> & { at: number }> = [];
  const panels = assignIds(
    items,
    items.map((it, at) => toPanel(it, ctx, unconverted, at)),
  );
  const variables = convertVariables(dash.templating, ctx);
  inlineConstants(panels, variables, warn);
  checkSql(panels, variables, opts, warn);
  const dashboard = buildDashboard(dash, title, panels, variables, opts, warn);
  return {
    dashboard,
    unconverted: unconverted.map(({ at, ...u }) => ({ panelId: panels[at].id, ...u })),
    warnings: [...warnings],
    inputs,
    missingInputs: missing,
  };
}

function buildDashboard(
  dash: Json,
  title: string,
  panels: Panel[],
  variables: Variable[],
  opts: ImportOptions,
  warn: (m: string) => void,
): Dashboard {
  const uid = str(dash.uid);
  if (uid && !UID.test(uid))
    warn(`uid "${uid.slice(0, 60)}" is not a Pulseboard uid (1-40 letters, digits, _ or -): a new one is given`);
  const time = obj(dash.time);
  try {
    return parseDashboard({
      uid: uid && UID.test(uid) ? uid : opts.newUid(),
      title,
      description: str(dash.description) || undefined,
      tags: arr(dash.tags).filter((t): t is string => typeof t === 'string'),
      time: { from: str(time.from) ?? 'now-6h', to: str(time.to) ?? 'now' },
      refresh: str(dash.refresh) ?? '',
      templating: { list: variables },
      panels,
    });
  } catch (err) {
    throw new PulseboardError(`The converted dashboard is not valid: ${(err as Error).message}`, 422, 'bad_dashboard');
  }
}
