import { PulseboardError } from '../errors';
import type { SqlDialect } from '../sql/types';
import type { Dashboard, Variable } from '../dashboards/schema';
import { customOptions, listsOwnValues } from '../dashboards/custom-options';
import type { RawRange, VarValues } from './protocol';

const ALL_VALUE = '$__all';

/**
 * Options of a query variable, read from its datasource; its SQL's macros (`$__timeFilter`…) render over `range`,
 * the range the panels query.
 */
export type OptionsLoader = (v: Variable, range: RawRange) => Promise<string[]>;

function defaultValue(v: Variable, options: string[]): string[] {
  const cur = v.current?.value;
  if (cur !== undefined) return Array.isArray(cur) ? cur : [cur];
  if (v.type === 'constant' || v.type === 'textbox') return [v.query];
  return options.length ? [options[0]] : [];
}

/** Resolved variable values, plus the custom all value (trusted SQL) of each variable whose All was chosen. */
export interface ResolvedVariables {
  values: Record<string, string[]>;
  /** Variable name → its `allValue`, for the variables set to All that have one (`interpolateVariables` uses it). */
  allSql: Record<string, string>;
}

/**
 * Resolve the values a request asks for against the dashboard's variables: defaults fill what is missing, `All`
 * expands to every option, and a value that is not an option of a custom/interval/query variable is refused (400).
 * Query variables' options are read over `range` (default: the dashboard's time range).
 */
export async function resolveVariables(
  dashboard: Dashboard,
  requested: VarValues = {},
  loadOptions: OptionsLoader,
  range: RawRange = dashboard.time,
): Promise<Record<string, string[]>> {
  return (await resolveVariablesWithAll(dashboard, requested, loadOptions, range)).values;
}

/** `resolveVariables`, also naming the variables set to All that have a custom all value (`allSql`). */
export async function resolveVariablesWithAll(
  dashboard: Dashboard,
  requested: VarValues = {},
  loadOptions: OptionsLoader,
  range: RawRange = dashboard.time,
): Promise<ResolvedVariables> {
  const out: ResolvedVariables = { values: {}, allSql: {} };
  for (const name of Object.keys(requested)) {
    if (!dashboard.templating.list.some((v) => v.name === name)) {
      throw new PulseboardError(`Unknown variable "${name}" for dashboard "${dashboard.uid}"`, 400, 'unknown_variable');
    }
  }
  for (const v of dashboard.templating.list) {
    if (v.type === 'constant') {
      out.values[v.name] = [v.query];
      continue;
    }
    const listed = listsOwnValues(v) || v.type === 'query';
    const options = listsOwnValues(v)
      ? customOptions(v).map((o) => o.value)
      : v.type === 'query'
        ? await loadOptions(v, range)
        : [];
    const req = requested[v.name];
    let values = req === undefined ? defaultValue(v, options) : Array.isArray(req) ? req : [req];
    if (!v.multi && values.length > 1) values = values.slice(0, 1);
    if (values.includes(ALL_VALUE)) {
      if (!v.includeAll) throw new PulseboardError(`Variable "${v.name}" does not allow All`, 400, 'bad_variable');
      values = options;
      if (v.allValue) out.allSql[v.name] = v.allValue;
    } else if (listed) {
      const bad = values.find((x) => !options.includes(x));
      if (bad !== undefined) {
        throw new PulseboardError(`"${bad}" is not a value of variable "${v.name}"`, 400, 'bad_variable');
      }
    }
    out.values[v.name] = values;
  }
  return out;
}

/**
 * Split stored option values into those the dialect can quote and those it cannot (a NUL byte, for one). A query
 * variable lists whatever its table holds; one value no query can use must not make `All` (and so every default
 * query of the dashboard) fail: it is left out of the options, and the caller logs it.
 */
export function quotableOptions(values: string[], dialect: SqlDialect): { usable: string[]; skipped: string[] } {
  const usable: string[] = [];
  const skipped: string[] = [];
  for (const v of values) {
    try {
      dialect.quoteString(v);
      usable.push(v);
    } catch {
      skipped.push(v);
    }
  }
  return { usable, skipped };
}
