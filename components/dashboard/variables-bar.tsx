'use client';

import { useId, useState } from 'react';
import { ALL_VALUE } from './url-state';
import type { VariableOptionsState } from './use-variable-options';
import type { VariableView } from './view-model';

export interface VariablesBarProps {
  variables: VariableView[];
  /** Current value per variable name (resolved: URL, default, All or first option). */
  values: Record<string, string | string[] | undefined>;
  options: Record<string, VariableOptionsState>;
  onChange: (name: string, value: string | string[]) => void;
}

const controlClass =
  'rounded border border-gray-300 bg-white px-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:opacity-60 dark:border-gray-700 dark:bg-gray-900';

/**
 * Multi-select rules: picking All clears the rest, picking a value drops All, an empty selection falls back to All
 * (or the first option).
 */
export function normalizeMulti(previous: string[], selected: string[], v: VariableView, first?: string): string[] {
  const addedAll = selected.includes(ALL_VALUE) && !previous.includes(ALL_VALUE);
  if (addedAll) return [ALL_VALUE];
  const values = selected.filter((s) => s !== ALL_VALUE);
  if (values.length) return values;
  if (v.includeAll) return [ALL_VALUE];
  return first !== undefined ? [first] : [];
}

function choices(v: VariableView, state: VariableOptionsState | undefined, value: string[]) {
  const list = [...(v.includeAll ? [{ text: 'All', value: ALL_VALUE }] : []), ...(state?.options ?? [])];
  const known = new Set(list.map((o) => o.value));
  // Keep a URL value visible even when the options no longer contain it.
  for (const x of value) if (!known.has(x)) list.push({ text: x, value: x });
  return list;
}

function SelectControl({ v, id, value, state, onChange }: { v: VariableView; id: string; value: string[]; state?: VariableOptionsState; onChange: (value: string | string[]) => void }) {
  const list = choices(v, state, value);
  const loading = !state?.settled;
  if (v.multi) {
    return (
      <select
        id={id}
        multiple
        size={Math.min(4, Math.max(2, list.length))}
        value={value}
        disabled={loading && list.length === 0}
        onChange={(e) => {
          const selected = Array.from(e.target.selectedOptions, (o) => o.value);
          onChange(normalizeMulti(value, selected, v, state?.options[0]?.value));
        }}
        className={`${controlClass} min-w-36 py-0.5`}
      >
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.text}
          </option>
        ))}
      </select>
    );
  }
  return (
    <select id={id} value={value[0] ?? ''} disabled={loading && list.length === 0} onChange={(e) => onChange(e.target.value)} className={`${controlClass} h-8 min-w-28`}>
      {loading && list.length === 0 && <option value="">Loading…</option>}
      {list.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </select>
  );
}

function TextControl({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value);
  }
  const commit = () => {
    if (draft !== value) onChange(draft);
  };
  return (
    <input
      id={id}
      type="text"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
      className={`${controlClass} h-8 w-40`}
    />
  );
}

function VariableControl({ v, value, state, onChange }: { v: VariableView; value: string | string[] | undefined; state?: VariableOptionsState; onChange: (value: string | string[]) => void }) {
  const id = useId();
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return (
    <div className="flex items-start gap-0 text-sm" data-variable={v.name}>
      <label htmlFor={id} className="flex h-8 items-center rounded-l border border-r-0 border-gray-300 bg-gray-100 px-2 font-medium text-gray-700 dark:border-gray-700 dark:bg-gray-800 dark:text-gray-200">
        {v.label || v.name}
      </label>
      <div className="[&>*]:rounded-l-none">
        {v.type === 'textbox' ? (
          <TextControl id={id} value={values[0] ?? ''} onChange={onChange} />
        ) : (
          <SelectControl v={v} id={id} value={values} state={state} onChange={onChange} />
        )}
      </div>
      {state?.error && (
        <span role="alert" className="ml-2 self-center text-xs text-red-600 dark:text-red-400">
          {state.error}
        </span>
      )}
    </div>
  );
}

/** One control per variable (constants are hidden): select / multi-select with All, or a text box. */
export function VariablesBar({ variables, values, options, onChange }: VariablesBarProps) {
  const visible = variables.filter((v) => v.type !== 'constant');
  if (!visible.length) return null;
  return (
    <div className="flex flex-wrap items-start gap-3" aria-label="Dashboard variables" role="group">
      {visible.map((v) => (
        <VariableControl key={v.name} v={v} value={values[v.name]} state={options[v.name]} onChange={(value) => onChange(v.name, value)} />
      ))}
    </div>
  );
}
