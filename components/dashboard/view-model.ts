import type { Dashboard, FieldDefaults, GridPos, Panel, Variable } from '@/lib/dashboards/schema';
import { customOptions, listsOwnValues } from '@/lib/dashboards/custom-options';

/**
 * What the browser gets of a dashboard: no SQL (targets' rawSql, query variables' SQL, allValue) and no
 * datasource references. Built on the server by `toDashboardView`, passed to client components as props.
 */
export interface PanelView {
  id: number;
  type: Panel['type'];
  title: string;
  description?: string;
  gridPos: GridPos;
  maxDataPoints?: number;
  /** refIds and formats of the targets, without SQL. */
  targets: { refId: string; format: 'time_series' | 'table' }[];
  fieldConfig: { defaults: FieldDefaults };
  options: Record<string, unknown>;
  /** Rows: whether the dashboard opens with the row's panels hidden. */
  collapsed?: boolean;
}

export interface VariableView {
  name: string;
  label?: string;
  type: Variable['type'];
  multi: boolean;
  includeAll: boolean;
  /** Default value(s) when the URL has no `var-<name>`. */
  current?: string | string[];
  /** Static options (custom and interval variables); query variables fetch theirs. */
  options: { text: string; value: string }[];
}

export interface DashboardView {
  uid: string;
  title: string;
  description?: string;
  tags: string[];
  time: { from: string; to: string };
  refresh: string;
  variables: VariableView[];
  panels: PanelView[];
}

/** Grafana custom variable query: `a,b,c` or `Text : value` pairs, commas escaped as `\,`. */
function toVariableView(v: Variable): VariableView {
  const options = listsOwnValues(v) ? customOptions(v) : v.options;
  // Constants stay on the server (often a table name): the client neither shows nor sends them.
  const current =
    v.type === 'constant' ? undefined : (v.current?.value ?? (v.type === 'textbox' ? v.query : undefined));
  return {
    name: v.name,
    label: v.label,
    type: v.type,
    multi: v.multi,
    includeAll: v.includeAll,
    current,
    options: listsOwnValues(v) ? options : [],
  };
}

function toPanelView(p: Panel): PanelView {
  return {
    id: p.id,
    type: p.type,
    title: p.title,
    description: p.description,
    gridPos: p.gridPos,
    maxDataPoints: p.maxDataPoints,
    targets: p.targets.map((t) => ({ refId: t.refId, format: t.format })),
    fieldConfig: { defaults: p.fieldConfig.defaults },
    options: p.options,
    ...(p.type === 'row' ? { collapsed: p.collapsed ?? false } : {}),
  };
}

/** Strip a dashboard down to what viewers need (never SQL). */
export function toDashboardView(d: Dashboard): DashboardView {
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: d.tags,
    time: d.time,
    refresh: d.refresh,
    variables: d.templating.list.map(toVariableView),
    panels: d.panels.map(toPanelView),
  };
}
