import type { VarValues } from '@/lib/query/protocol';
import type { DashboardView, VariableView } from './view-model';

/** Value every "All" selection carries, as in Grafana URLs. */
export const ALL_VALUE = '$__all';

/** Dashboard state read from the URL (Grafana parameters), falling back to the dashboard's defaults. */
export interface DashboardUrlState {
  range: { from: string; to: string };
  /** `''` off, `live`, or an interval such as `5s`. */
  refresh: string;
  /** Values from `var-<name>` or the variable's default; undefined when neither is set. */
  vars: Record<string, string | string[] | undefined>;
}

type Params = Pick<URLSearchParams, 'get' | 'getAll' | 'has'>;

/** `refresh=` and `refresh=off` mean off. */
function normalizeRefresh(raw: string | null | undefined): string {
  const v = (raw ?? '').trim();
  return v === 'off' ? '' : v;
}

function readVariable(params: Params, v: VariableView): string | string[] | undefined {
  const key = `var-${v.name}`;
  if (params.has(key)) {
    const values = params.getAll(key);
    return v.multi ? values : values[0];
  }
  if (v.current === undefined) return undefined;
  if (v.multi) return Array.isArray(v.current) ? v.current : [v.current];
  return Array.isArray(v.current) ? v.current[0] : v.current;
}

/** Parse `from`, `to`, `refresh` and `var-*` against a dashboard's defaults. */
export function parseUrlState(params: Params, d: DashboardView): DashboardUrlState {
  const vars: DashboardUrlState['vars'] = {};
  for (const v of d.variables) {
    if (v.type !== 'constant') vars[v.name] = readVariable(params, v);
  }
  return {
    range: { from: params.get('from') || d.time.from, to: params.get('to') || d.time.to },
    refresh: params.has('refresh') ? normalizeRefresh(params.get('refresh')) : normalizeRefresh(d.refresh),
    vars,
  };
}

/**
 * The value a variable takes when the URL and the dashboard give none: All when allowed, else the first option
 * (as Grafana does once options load).
 */
export function resolveVariable(
  v: VariableView,
  value: string | string[] | undefined,
  options: { value: string }[],
): string | string[] | undefined {
  const empty = value === undefined || (Array.isArray(value) && value.length === 0);
  if (!empty) return value;
  if (v.type === 'textbox') return '';
  const fallback = v.includeAll ? ALL_VALUE : options[0]?.value;
  if (fallback === undefined) return undefined;
  return v.multi ? [fallback] : fallback;
}

/** Only defined values go to the server. */
export function toVarValues(vars: Record<string, string | string[] | undefined>): VarValues {
  const out: VarValues = {};
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) out[name] = value;
  return out;
}

/** `$`, `:` and `,` stay readable in the query string (`var-city=$__all`), like Grafana's URLs. */
function encode(value: string): string {
  return encodeURIComponent(value).replace(/%24/g, '$').replace(/%3A/gi, ':').replace(/%2C/gi, ',');
}

/**
 * Apply changes (null deletes, arrays repeat the key) to a query string, keeping keys where they were; returns
 * `?a=b…` or ''.
 */
export function applyParams(search: string, changes: Record<string, string | string[] | null>): string {
  let entries = [...new URLSearchParams(search).entries()];
  for (const [key, value] of Object.entries(changes)) {
    const at = entries.findIndex(([k]) => k === key);
    const values = value === null ? [] : Array.isArray(value) ? value : [value];
    const next = values.map((v): [string, string] => [key, v]);
    entries = entries.filter(([k]) => k !== key);
    entries.splice(at < 0 ? entries.length : at, 0, ...next);
  }
  const query = entries.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
  return query ? `?${query}` : '';
}
