/**
 * Grafana template variables to Pulseboard's: query (SQL ones), custom, interval (its `auto` option becomes
 * `$__interval`), constant and textbox. Datasource, ad hoc and other variables, and query variables over a non-SQL
 * datasource, have no equivalent: they are left out with a warning (a non-SQL query variable keeps its current
 * value as a textbox, so panels that use it still read it).
 */
import type { Variable } from './schema';
import type { PanelContext } from './grafana-panels';
import { arr, obj, str, type Json } from './grafana-json';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Grafana datasource types whose variable queries are SQL (a reference without a type is taken as SQL). */
const SQL_SOURCES = new Set([
  'mysql',
  'grafana-mysql-datasource',
  'postgres',
  'grafana-postgresql-datasource',
  'mssql',
  'grafana-mssql-datasource',
  'starrocks',
  'duckdb',
  'druid',
]);
/** Grafana's automatic interval option; here the panel's own `$__interval`. */
const AUTO_INTERVAL = '$__interval';

function currentValue(v: Json): string | string[] | undefined {
  const value = obj(v.current).value;
  if (typeof value === 'string') return value.startsWith('$__auto_interval') ? AUTO_INTERVAL : value;
  if (Array.isArray(value) && value.every((x) => typeof x === 'string')) return value as string[];
  return undefined;
}

function base(v: Json, name: string): Omit<Variable, 'type' | 'query'> {
  const current = currentValue(v);
  const out: Omit<Variable, 'type' | 'query'> = {
    name,
    multi: v.multi === true,
    includeAll: v.includeAll === true,
    options: [],
  };
  if (str(v.label)) out.label = str(v.label);
  if (str(v.allValue)) out.allValue = str(v.allValue);
  if (current !== undefined && !(Array.isArray(current) && !current.length)) out.current = { value: current };
  return out;
}

/** The options of an interval variable: its list, with `auto` first when Grafana offered it. */
function intervalOptions(v: Json): Variable['options'] {
  const listed = (str(v.query) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => ({ text: s, value: s }));
  return v.auto === true ? [{ text: 'auto', value: AUTO_INTERVAL }, ...listed] : listed;
}

/** A query variable's SQL: a string, or `{query}` / `{rawSql}` in newer exports. */
function querySql(v: Json): string | undefined {
  const q = v.query;
  return (str(q) ?? str(obj(q).rawSql) ?? str(obj(q).query))?.trim() || undefined;
}

function convertQuery(v: Json, name: string, ctx: PanelContext): Variable | undefined {
  const warn = (m: string) => ctx.warn(`Variable $${name}: ${m}`);
  const ref = ctx.resolve(v.datasource);
  const sql = querySql(v);
  const sqlSource = ref.kind === 'uid' && (!ref.grafanaType || SQL_SOURCES.has(ref.grafanaType));
  if (str(v.regex)) warn('its regex is not converted');
  if (sql && sqlSource) {
    ctx.used(ref);
    return { ...base(v, name), type: 'query', query: sql, datasource: { uid: ref.uid } };
  }
  const current = currentValue(v);
  warn('its query is not SQL: it becomes a textbox holding its current value');
  return {
    ...base(v, name),
    type: 'textbox',
    multi: false,
    query: Array.isArray(current) ? (current[0] ?? '') : (current ?? ''),
  };
}

function convertOne(v: Json, ctx: PanelContext): Variable | undefined {
  const name = str(v.name) ?? '';
  const type = str(v.type) ?? '';
  if (!NAME.test(name)) {
    ctx.warn(`Variable "${name.slice(0, 64)}" is left out: names are letters, digits and _`);
    return undefined;
  }
  switch (type) {
    case 'query':
      return convertQuery(v, name, ctx);
    case 'custom': {
      const query = str(v.query) ?? '';
      const options = query.trim()
        ? []
        : arr(v.options)
            .map(obj)
            .map((o) => ({ text: String(o.text ?? o.value ?? ''), value: String(o.value ?? '') }));
      return { ...base(v, name), type: 'custom', query, options };
    }
    case 'interval':
      return {
        ...base(v, name),
        type: 'interval',
        multi: false,
        includeAll: false,
        query: str(v.query) ?? '',
        options: intervalOptions(v),
      };
    case 'constant':
    case 'textbox':
      return { ...base(v, name), type, multi: false, includeAll: false, query: str(v.query) ?? '' };
    default:
      ctx.warn(`Variable $${name} (${type || 'untyped'}) is left out: Pulseboard has no ${type || 'such'} variables`);
      return undefined;
  }
}

/** The dashboard's variables that Pulseboard can hold, in order. */
export function convertVariables(templating: unknown, ctx: PanelContext): Variable[] {
  const out: Variable[] = [];
  for (const v of arr(obj(templating).list).map(obj)) {
    const converted = convertOne(v, ctx);
    if (!converted) continue;
    if (out.some((x) => x.name === converted.name))
      ctx.warn(`Variable $${converted.name} is defined twice: the first is kept`);
    else out.push(converted);
  }
  return out;
}
