'use client';

import { useEffect, useId, useRef, useState } from 'react';
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
function normalizeMulti(previous: string[], selected: string[], v: VariableView, first?: string): string[] {
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

function SelectControl({
  v,
  id,
  value,
  state,
  onChange,
}: {
  v: VariableView;
  id: string;
  value: string[];
  state?: VariableOptionsState;
  onChange: (value: string | string[]) => void;
}) {
  const list = choices(v, state, value);
  const loading = !state?.settled;
  if (v.multi) {
    return (
      <MultiSelect
        id={id}
        list={list}
        value={value}
        disabled={loading && list.length === 0}
        onChange={(sel) => onChange(normalizeMulti(value, sel, v, state?.options[0]?.value))}
      />
    );
  }
  return (
    <select
      id={id}
      value={value[0] ?? ''}
      disabled={loading && list.length === 0}
      onChange={(e) => onChange(e.target.value)}
      className={`${controlClass} h-8 min-w-28`}
    >
      {loading && list.length === 0 && <option value="">Loading…</option>}
      {list.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </select>
  );
}

/** Grafana-style multi-value picker: a button naming the selection and a checkbox list; Escape or a click outside closes it. */
function MultiSelect({
  id,
  list,
  value,
  disabled,
  onChange,
}: {
  id: string;
  list: { text: string; value: string }[];
  value: string[];
  disabled: boolean;
  onChange: (selected: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const text = new Map(list.map((o) => [o.value, o.text]));
  const summary =
    value.length === 0
      ? 'None'
      : value.length === 1
        ? (text.get(value[0]) ?? value[0])
        : `${text.get(value[0]) ?? value[0]} + ${value.length - 1}`;
  const toggle = (v: string) => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
  return (
    <div ref={ref} className="relative">
      <button
        id={id}
        type="button"
        disabled={disabled}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        className={`${controlClass} flex h-8 min-w-36 items-center justify-between gap-2`}
      >
        <span className="truncate">{summary}</span>
        <span aria-hidden="true" className="text-gray-400">
          ▾
        </span>
      </button>
      {open && (
        <ul
          role="listbox"
          aria-multiselectable="true"
          className="absolute left-0 top-full z-40 mt-1 max-h-72 min-w-full overflow-auto rounded border border-gray-200 bg-white py-1 shadow-lg dark:border-gray-700 dark:bg-gray-900"
        >
          {list.map((o) => (
            <li key={o.value} role="option" aria-selected={value.includes(o.value)}>
              <label className="flex cursor-pointer items-center gap-2 whitespace-nowrap px-3 py-1 text-sm hover:bg-gray-100 dark:hover:bg-gray-800">
                <input type="checkbox" checked={value.includes(o.value)} onChange={() => toggle(o.value)} />
                {o.text}
              </label>
            </li>
          ))}
        </ul>
      )}
    </div>
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

function VariableControl({
  v,
  value,
  state,
  onChange,
}: {
  v: VariableView;
  value: string | string[] | undefined;
  state?: VariableOptionsState;
  onChange: (value: string | string[]) => void;
}) {
  const id = useId();
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return (
    <div className="flex items-start gap-0 text-sm" data-variable={v.name}>
      <label
        htmlFor={id}
        className="flex h-8 items-center rounded-l border border-r-0 border-gray-300 bg-gray-100 px-2 font-medium text-gray-700 dark:border-gray-700 dark:bg-gray-800 dark:text-gray-200"
      >
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
        <VariableControl
          key={v.name}
          v={v}
          value={values[v.name]}
          state={options[v.name]}
          onChange={(value) => onChange(v.name, value)}
        />
      ))}
    </div>
  );
}
