import { VariableSchema, type Variable } from '@/lib/dashboards/schema';
import { listsOwnValues, parseCustomOptions } from '@/lib/dashboards/custom-options';
import { parseDuration } from '@/lib/sql/time-grains';
import type { EditDoc } from './model';

/** A variable as the edited document holds it (`templating.list[i]`): schema fields, plus whatever else it had. */
export type VariableDoc = Record<string, unknown> &
  Pick<Variable, 'name' | 'type'> &
  Partial<Omit<Variable, 'name' | 'type'>>;

export type VariableType = Variable['type'];

/** The types the editor offers, with what their `query` field holds. */
export const VARIABLE_TYPES: ReadonlyArray<{ type: VariableType; label: string; query: string }> = [
  { type: 'query', label: 'Query', query: 'SQL returning one column of values' },
  { type: 'custom', label: 'Custom', query: 'Values, comma-separated (Text : value for a label)' },
  { type: 'interval', label: 'Interval', query: 'Intervals, comma-separated (1m, 5m, 1h)' },
  { type: 'constant', label: 'Constant', query: 'Value (hidden from viewers)' },
  { type: 'textbox', label: 'Text box', query: 'Default text' },
];

export function variablesOf(doc: EditDoc): VariableDoc[] {
  const list = (doc.templating as { list?: unknown } | undefined)?.list;
  return Array.isArray(list) ? (list as VariableDoc[]) : [];
}

/** The document with `list` as its variables. */
export function withVariables(doc: EditDoc, list: VariableDoc[]): EditDoc {
  const templating = (doc.templating as Record<string, unknown> | undefined) ?? {};
  return { ...doc, templating: { ...templating, list } };
}

/** `var<n>` for the n-th variable, or the next `n` not taken. */
function freeName(list: readonly VariableDoc[]): string {
  const taken = new Set(list.map((v) => v.name));
  let n = list.length + 1;
  while (taken.has(`var${n}`)) n++;
  return `var${n}`;
}

/** `list` with a new variable of `type` at its end, named `var<n>` (n = its position, or the next free one). */
export function addVariable(list: readonly VariableDoc[], type: VariableType = 'query'): VariableDoc[] {
  return [...list, { name: freeName(list), type, query: '', multi: false, includeAll: false }];
}

/**
 * `list` with variable `index` changed by `patch`. A new type or new values of a custom/interval variable drop
 * what no longer fits: its listed `options` (an imported list would hide the new values) and a default (`current`)
 * that is not one of them any more, which every panel query would otherwise be refused for.
 */
export function updateVariable(
  list: readonly VariableDoc[],
  index: number,
  patch: Partial<VariableDoc>,
): VariableDoc[] {
  const old = list[index];
  if (!old) return [...list];
  const next: VariableDoc = { ...old, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
  if (patch.type !== undefined && patch.type !== old.type) {
    delete next.current;
    delete next.options;
  } else if (patch.query !== undefined && listsOwnValues(next)) {
    delete next.options;
    const values = new Set(parseCustomOptions(next.query ?? '').map((o) => o.value));
    const cur = next.current?.value;
    const kept = cur === undefined ? [] : Array.isArray(cur) ? cur : [cur];
    if (!kept.every((x) => values.has(x))) delete next.current;
  }
  if (next.type !== 'query') delete next.datasource;
  return list.map((v, i) => (i === index ? next : v));
}

export function deleteVariable(list: readonly VariableDoc[], index: number): VariableDoc[] {
  return list.filter((_, i) => i !== index);
}

/** `list` with the variable at `from` moved to `to` (clamped): the order of the view's variables bar. */
export function moveVariable(list: readonly VariableDoc[], from: number, to: number): VariableDoc[] {
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (from === target || !list[from]) return [...list];
  const out = [...list];
  const [moved] = out.splice(from, 1);
  out.splice(target, 0, moved);
  return out;
}

/** What is wrong with variable `index`, by field (empty when nothing is). */
export type VariableProblems = Partial<Record<'name' | 'query', string>>;

export function variableProblems(list: readonly VariableDoc[], index: number): VariableProblems {
  const v = list[index];
  const out: VariableProblems = {};
  const name = VariableSchema.shape.name.safeParse(v.name);
  if (!name.success) out.name = name.error.issues[0].message;
  else if (v.name.startsWith('__')) out.name = 'names starting with __ are kept for macros ($__interval…)';
  else if (list.some((o, i) => i !== index && o.name === v.name)) out.name = `another variable is named "${v.name}"`;
  const query = (v.query ?? '').trim();
  if (v.type === 'query' && !query) out.query = 'a query variable needs SQL returning its values';
  if (listsOwnValues(v)) {
    const values = parseCustomOptions(query);
    if (!values.length) out.query = 'list at least one value';
    else if (v.type === 'interval') {
      const bad = values.find((o) => !isDuration(o.value));
      if (bad) out.query = `"${bad.value}" is not an interval such as 30s, 5m, 1h or 1d`;
    }
  }
  return out;
}

function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}
