/**
 * One Grafana panel to a Pulseboard panel: its type (graph → timeseries, singlestat → stat, bargauge → bar,
 * table-old → table, piechart → pie, text), its SQL targets (`rawSql` and macros kept as written, `format` kept),
 * field defaults (unit, decimals, min, max, thresholds; from old `yaxes` and singlestat fields too) and the options
 * Pulseboard's panels read. What does not carry over is said in a warning; a panel that cannot be converted at all
 * comes back as the reason, for a placeholder.
 */
import { parseDuration } from '../sql/time-grains';
import type { FieldDefaults, Panel, PanelType } from './schema';
import { arr, num, obj, str, type Json } from './grafana-json';

/** A Grafana datasource reference resolved against Pulseboard's datasources. */
export type ResolvedRef =
  | {
      kind: 'uid';
      uid: string;
      /** The Grafana plugin type the reference named (`mysql`, `postgres`, `prometheus`…), when it said. */
      grafanaType?: string;
      /** The reference as written, when it named no Pulseboard datasource and went to the default. */
      unmatched?: string;
    }
  | { kind: 'mixed' }
  | { kind: 'builtin'; name: string };

export interface PanelContext {
  resolve(ref: unknown): ResolvedRef;
  /** Note that SQL uses `ref`: one that named no Pulseboard datasource is then warned about (once). */
  used(ref: ResolvedRef): void;
  /** The datasource unmapped references go to. */
  fallback: string;
  warn(message: string): void;
}

export type ConvertedPanel = Omit<Panel, 'id' | 'gridPos'>;

const TYPE_MAP: Readonly<Record<string, PanelType>> = {
  graph: 'timeseries',
  timeseries: 'timeseries',
  singlestat: 'stat',
  'grafana-singlestat-panel': 'stat',
  stat: 'stat',
  gauge: 'gauge',
  bargauge: 'bar',
  barchart: 'bar',
  table: 'table',
  'table-old': 'table',
  piechart: 'pie',
  'grafana-piechart-panel': 'pie',
  text: 'text',
};

/** Grafana datasource types whose SQL is MySQL's or one of Pulseboard's engines'. */
const MYSQL_LIKE = new Set(['mysql', 'grafana-mysql-datasource', 'starrocks', 'duckdb', 'druid']);

const REF_ID = /^[A-Za-z0-9_-]{1,32}$/;

function refIdOf(t: Json, used: Set<string>): string {
  const given = str(t.refId);
  let id = given && REF_ID.test(given) && !used.has(given) ? given : undefined;
  for (let i = 0; !id; i++) {
    const candidate = i < 26 ? String.fromCharCode(65 + i) : `Q${i}`;
    if (!used.has(candidate)) id = candidate;
  }
  used.add(id);
  return id;
}

function describeNonSql(t: Json, ref: ResolvedRef): string {
  const refId = str(t.refId) ?? '?';
  if (t.hide === true) return `${refId} (hidden)`;
  const type = ref.kind === 'builtin' ? ref.name : ref.kind === 'uid' ? ref.grafanaType : undefined;
  return `${refId} (${type ?? 'no rawSql'})`;
}

type Targets = { targets: Panel['targets']; datasource?: { uid: string } } | { reason: string };

function convertTargets(raw: Json, ctx: PanelContext, warn: (m: string) => void): Targets {
  const panelRef = ctx.resolve(raw.datasource);
  const targets = arr(raw.targets).map(obj);
  if (!targets.length) return { reason: 'it has no queries' };
  const out: Panel['targets'] = [];
  const left: string[] = [];
  const used = new Set<string>();
  for (const t of targets) {
    const ref = t.datasource === undefined || t.datasource === null ? panelRef : ctx.resolve(t.datasource);
    const sql = str(t.rawSql)?.trim();
    if (!sql || t.hide === true || ref.kind === 'builtin') {
      left.push(describeNonSql(t, ref));
      continue;
    }
    const refId = refIdOf(t, used);
    ctx.used(ref);
    if (ref.kind === 'uid' && ref.grafanaType && !MYSQL_LIKE.has(ref.grafanaType))
      warn(`query ${refId} was written for ${ref.grafanaType}: check that it runs on "${ref.uid}"`);
    const format = t.format === 'table' ? 'table' : 'time_series';
    out.push({ refId, rawSql: sql, format, datasource: { uid: ref.kind === 'uid' ? ref.uid : ctx.fallback } });
  }
  if (!out.length) return { reason: `its queries are not SQL: ${left.join(', ')}` };
  if (left.length) warn(`queries left out (not SQL or hidden): ${left.join(', ')}`);
  return { targets: out, datasource: panelRef.kind === 'uid' ? { uid: panelRef.uid } : undefined };
}

function decimals(v: unknown): number | undefined {
  const n = num(v);
  return n === undefined ? undefined : Math.min(10, Math.max(0, Math.round(n)));
}

function steps(thresholds: unknown, warn: (m: string) => void): FieldDefaults['thresholds'] {
  const t = obj(thresholds);
  const list = arr(t.steps)
    .map(obj)
    .filter((s, i) => i === 0 || num(s.value) !== undefined)
    .map((s) => ({ color: str(s.color) ?? 'green', value: num(s.value) ?? null }));
  if (t.mode === 'percentage') warn('percentage thresholds are read as absolute values');
  return list.length ? { steps: list } : undefined;
}

/** Singlestat's `thresholds: "a,b"` with `colors: [c0, c1, c2]`. */
function singlestatSteps(raw: Json): FieldDefaults['thresholds'] {
  const colors = arr(raw.colors).map(str);
  const values = (str(raw.thresholds) ?? '').split(',').map(num);
  if (!values.length || values.some((v) => v === undefined)) return undefined;
  return {
    steps: [null, ...values].map((value, i) => ({ color: colors[i] ?? colors.at(-1) ?? 'red', value: value ?? null })),
  };
}

/** Field defaults the old panel types kept elsewhere: graph's left y axis, singlestat's and old piechart's fields. */
function legacyDefaults(raw: Json): FieldDefaults {
  if (raw.type === 'graph') {
    const y = obj(arr(raw.yaxes)[0]);
    return { unit: str(y.format), decimals: decimals(y.decimals ?? raw.decimals), min: num(y.min), max: num(y.max) };
  }
  if (raw.type === 'singlestat' || raw.type === 'grafana-singlestat-panel') {
    const gauge = obj(raw.gauge);
    const range = gauge.show ? { min: num(gauge.minValue), max: num(gauge.maxValue) } : {};
    return { unit: str(raw.format), decimals: decimals(raw.decimals), thresholds: singlestatSteps(raw), ...range };
  }
  if (raw.type === 'grafana-piechart-panel') return { unit: str(raw.format), decimals: decimals(raw.decimals) };
  return {};
}

function fieldDefaults(raw: Json, warn: (m: string) => void): FieldDefaults {
  const fc = obj(raw.fieldConfig);
  // Before Grafana 7 stat, gauge and bargauge kept their field defaults in options.fieldOptions.
  const d = { ...obj(obj(obj(raw.options).fieldOptions).defaults), ...obj(fc.defaults) };
  if (arr(d.mappings).length) warn('value mappings are not converted');
  if (arr(fc.overrides).length) warn('field overrides are not converted');
  const out: FieldDefaults = {
    ...legacyDefaults(raw),
    ...definedOnly({
      unit: str(d.unit),
      decimals: decimals(d.decimals),
      min: num(d.min),
      max: num(d.max),
      displayName: str(d.displayName) || undefined,
      thresholds: steps(d.thresholds, warn),
    }),
  };
  return definedOnly(out);
}

function definedOnly<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function legend(raw: Json): { showLegend: boolean; placement: 'right' | 'bottom' } {
  const l = obj(obj(raw.options).legend);
  if (Object.keys(l).length) {
    const show = typeof l.showLegend === 'boolean' ? l.showLegend : l.displayMode !== 'hidden';
    return { showLegend: show && l.isVisible !== false, placement: l.placement === 'right' ? 'right' : 'bottom' };
  }
  const old = obj(raw.legend);
  return { showLegend: old.show !== false, placement: old.rightSide ? 'right' : 'bottom' };
}

function timeseriesOptions(raw: Json, warn: (m: string) => void): Json {
  if (raw.type === 'graph') {
    if (raw.bars) warn('bars are drawn as lines');
    if (raw.stack) warn('stacking is not drawn');
    if (arr(raw.seriesOverrides).length) warn('series overrides are not converted');
    const fill = num(raw.fill);
    return definedOnly({
      legend: legend(raw),
      lineWidth: num(raw.linewidth),
      fillOpacity: fill === undefined ? undefined : Math.min(100, fill * 10),
      showPoints: raw.points ? 'always' : 'never',
    });
  }
  const custom = obj(obj(obj(raw.fieldConfig).defaults).custom);
  if (custom.drawStyle === 'bars') warn('bars are drawn as lines');
  if (obj(custom.stacking).mode && obj(custom.stacking).mode !== 'none') warn('stacking is not drawn');
  const showPoints = str(custom.showPoints);
  return definedOnly({
    legend: legend(raw),
    lineWidth: num(custom.lineWidth),
    fillOpacity: num(custom.fillOpacity),
    showPoints: showPoints && ['auto', 'always', 'never'].includes(showPoints) ? showPoints : undefined,
  });
}

const LAST = new Set(['lastNotNull', 'last', 'current']);

function warnReducer(raw: Json, warn: (m: string) => void): void {
  const calc = str(arr(obj(obj(raw.options).reduceOptions).calcs)[0]) ?? str(raw.valueName);
  if (calc && !LAST.has(calc)) warn(`shows the last value; the "${calc}" calculation is not converted`);
}

function statOptions(raw: Json, warn: (m: string) => void): Json {
  warnReducer(raw, warn);
  if (raw.type === 'singlestat' || raw.type === 'grafana-singlestat-panel') {
    if (str(raw.prefix) || str(raw.postfix)) warn('prefix and postfix are not converted');
    if (obj(raw.gauge).show) warn('its gauge is drawn as a stat');
    return {
      colorMode: raw.colorBackground ? 'background' : raw.colorValue ? 'value' : 'none',
      graphMode: obj(raw.sparkline).show ? 'area' : 'none',
    };
  }
  const o = obj(raw.options);
  const colorMode = str(o.colorMode)?.startsWith('background') ? 'background' : str(o.colorMode);
  return definedOnly({ colorMode, graphMode: str(o.graphMode), orientation: str(o.orientation) });
}

function barOptions(raw: Json): Json {
  const o = obj(raw.options);
  const orientation = o.orientation === 'horizontal' || o.orientation === 'vertical' ? o.orientation : undefined;
  return definedOnly({ orientation, stacking: o.stacking === 'normal' ? 'normal' : undefined });
}

function pieOptions(raw: Json): Json {
  const pieType = str(obj(raw.options).pieType) ?? str(raw.pieType);
  return definedOnly({ pieType: pieType === 'pie' || pieType === 'donut' ? pieType : undefined, legend: legend(raw) });
}

function panelOptions(raw: Json, to: PanelType, warn: (m: string) => void): Json {
  switch (to) {
    case 'timeseries':
      return timeseriesOptions(raw, warn);
    case 'stat':
      return statOptions(raw, warn);
    case 'gauge':
      warnReducer(raw, warn);
      return {};
    case 'bar':
      return barOptions(raw);
    case 'pie':
      return pieOptions(raw);
    default:
      if (arr(raw.styles).length) warn('column styles are not converted');
      return {};
  }
}

/** Grafana's text panel: `options.content`/`mode` (root `content`/`mode` before 7.1); code mode as a fenced block. */
function textOptions(raw: Json): Json {
  const o = obj(raw.options);
  const content = (str(o.content) ?? str(raw.content) ?? '').slice(0, 100_000);
  const mode = str(o.mode) ?? str(raw.mode);
  if (mode === 'html') return { mode: 'html', content };
  if (mode === 'code') {
    const language = str(obj(o.code).language) ?? '';
    return { mode: 'markdown', content: `\`\`\`${language === 'plaintext' ? '' : language}\n${content}\n\`\`\`` };
  }
  return { mode: 'markdown', content };
}

/** `interval` (`1m`, or `>10s` in old dashboards) as the panel's smallest `$__interval`, when it parses. */
function minInterval(raw: Json, warn: (m: string) => void): string | undefined {
  const text = str(raw.interval)?.replace(/^>/, '').trim();
  if (!text) return undefined;
  try {
    parseDuration(text);
    return text;
  } catch {
    warn(`min interval "${text.slice(0, 40)}" is not an interval and is left out`);
    return undefined;
  }
}

function warnUnconverted(raw: Json, warn: (m: string) => void): void {
  if (str(raw.repeat)) warn(`repeats per $${str(raw.repeat)}: it is shown once`);
  if (arr(raw.transformations).length) warn('transformations are not converted');
  if (str(raw.timeFrom) || str(raw.timeShift)) warn('its own relative time or time shift is not converted');
}

function pulseboardType(raw: Json): PanelType | undefined {
  const type = str(raw.type);
  // Grafana draws a graph over series (not time) as a bar gauge.
  if (type === 'graph' && obj(raw.xaxis).mode === 'series') return 'bar';
  return type && Object.hasOwn(TYPE_MAP, type) ? TYPE_MAP[type] : undefined;
}

/** The panel, or why it cannot be converted (it then becomes a placeholder). */
export function convertPanel(raw: Json, ctx: PanelContext): { panel: ConvertedPanel } | { reason: string } {
  const title = str(raw.title) ?? '';
  const warn = (m: string) => ctx.warn(`Panel "${title}": ${m}`);
  const library = obj(raw.libraryPanel);
  if (!raw.type && library.uid) return { reason: `library panel "${str(library.name) ?? ''}" is not in the export` };
  const type = pulseboardType(raw);
  if (!type) return { reason: `Pulseboard has no "${str(raw.type) ?? 'untyped'}" panel` };
  const base = { type, title, description: str(raw.description) || undefined };
  if (type === 'text')
    return { panel: { ...base, targets: [], fieldConfig: { defaults: {} }, options: textOptions(raw) } };
  const q = convertTargets(raw, ctx, warn);
  if ('reason' in q) return q;
  warnUnconverted(raw, warn);
  const points = num(raw.maxDataPoints);
  const panel: ConvertedPanel = {
    ...base,
    datasource: q.datasource,
    targets: q.targets,
    interval: minInterval(raw, warn),
    maxDataPoints: points && points >= 1 ? Math.min(100_000, Math.round(points)) : undefined,
    fieldConfig: { defaults: fieldDefaults(raw, warn) },
    options: panelOptions(raw, type, warn),
  };
  return { panel: definedOnly(panel) };
}
