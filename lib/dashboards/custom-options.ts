import type { Variable } from './schema';

export interface VariableOption {
  text: string;
  value: string;
}

/** Grafana's custom-variable syntax: `a, b, c`, `Lima : lim` for text and value, `\,` for a literal comma. */
export function parseCustomOptions(query: string): VariableOption[] {
  return query
    .split(/(?<!\\),/)
    .map((part) => part.replace(/\\,/g, ',').trim())
    .filter(Boolean)
    .map((part) => {
      const m = /^(.*?)\s+:\s+(.*)$/.exec(part);
      return m ? { text: m[1], value: m[2] } : { text: part, value: part };
    });
}

/** Options of a custom variable: listed in `options`, else parsed from `query`. The server and the browser both use this. */
export function customOptions(v: Pick<Variable, 'options' | 'query'>): VariableOption[] {
  return v.options.length ? v.options : parseCustomOptions(v.query);
}

/** Custom and interval variables list their values in the dashboard (comma-separated); the others do not. */
export function listsOwnValues(v: Pick<Variable, 'type'>): boolean {
  return v.type === 'custom' || v.type === 'interval';
}
