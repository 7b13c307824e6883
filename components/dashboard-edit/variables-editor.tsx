'use client';

import { useEffect, useId, useState, type ReactNode } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch, messageOf } from '@/components/account/api';
import { listsOwnValues, parseCustomOptions } from '@/lib/dashboards/custom-options';
import type { EditDoc } from './model';
import { buttonClass, dangerClass, inputClass } from './modal';
import {
  addVariable,
  deleteVariable,
  moveVariable,
  updateVariable,
  VARIABLE_TYPES,
  variableProblems,
  variablesOf,
  withVariables,
  type VariableDoc,
  type VariableType,
} from './variables-model';

interface VariablesEditorProps {
  doc: EditDoc;
  setDoc: (f: (d: EditDoc) => EditDoc) => void;
}

/** The range the dashboard is shown at (the URL's, else its default): query variables' previews read over it. */
function currentRange(doc: EditDoc): { from: string; to: string } {
  const time = (doc.time as { from?: string; to?: string } | undefined) ?? {};
  const q = new URLSearchParams(typeof window === 'undefined' ? '' : window.location.search);
  return { from: q.get('from') || time.from || 'now-6h', to: q.get('to') || time.to || 'now' };
}

/** The dashboard's variables: list, add, reorder, delete, and the selected one's form with a preview of its values. */
export function VariablesEditor({ doc, setDoc }: VariablesEditorProps) {
  const list = variablesOf(doc);
  const [selected, setSelected] = useState(0);
  const edit = (f: (l: VariableDoc[]) => VariableDoc[]) => setDoc((d) => withVariables(d, f(variablesOf(d))));
  const move = (from: number, to: number) => {
    edit((l) => moveVariable(l, from, to));
    if (selected === from) setSelected(Math.max(0, Math.min(list.length - 1, to)));
  };
  const current = list[selected] ? selected : list.length - 1;
  return (
    <div className="flex flex-col gap-3" data-testid="variables-editor">
      {list.length === 0 ? (
        <p className="text-sm text-gray-500">
          No variables yet. A variable adds a picker to the dashboard; panels use it in SQL as <code>$name</code>{' '}
          (values are always quoted).
        </p>
      ) : (
        <ul className="flex flex-col divide-y divide-gray-100 rounded border border-gray-200 text-sm dark:divide-gray-800 dark:border-gray-800">
          {list.map((v, i) => (
            <li
              key={i}
              data-testid={`variable-row-${v.name}`}
              className={`flex items-center gap-1 px-2 py-1 ${i === current ? 'bg-blue-50 dark:bg-blue-950' : ''}`}
            >
              <button
                type="button"
                className="mr-auto truncate text-left"
                aria-pressed={i === current}
                onClick={() => setSelected(i)}
              >
                <span className="font-mono font-medium">${v.name}</span>{' '}
                <span className="text-gray-500">· {v.type}</span>
                {Object.keys(variableProblems(list, i)).length > 0 && (
                  <span className="ml-1 text-red-600 dark:text-red-400">· needs attention</span>
                )}
              </button>
              <button
                type="button"
                className={buttonClass}
                disabled={i === 0}
                aria-label={`Move ${v.name} up`}
                onClick={() => move(i, i - 1)}
              >
                ↑
              </button>
              <button
                type="button"
                className={buttonClass}
                disabled={i === list.length - 1}
                aria-label={`Move ${v.name} down`}
                onClick={() => move(i, i + 1)}
              >
                ↓
              </button>
              <button
                type="button"
                className={dangerClass}
                aria-label={`Delete variable ${v.name}`}
                onClick={() => {
                  edit((l) => deleteVariable(l, i));
                  if (selected >= i && selected > 0) setSelected(selected - 1);
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <div>
        <button
          type="button"
          className={buttonClass}
          onClick={() => {
            edit((l) => addVariable(l));
            setSelected(list.length);
          }}
        >
          Add variable
        </button>
      </div>
      {list[current] && (
        <VariableForm
          key={current}
          list={list}
          index={current}
          doc={doc}
          onChange={(patch) => edit((l) => updateVariable(l, current, patch))}
        />
      )}
    </div>
  );
}

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      {children}
      {error && <span className="text-xs text-red-700 dark:text-red-300">{error}</span>}
    </label>
  );
}

interface DataSourceRow {
  uid: string;
  name: string;
  type: string;
}

function VariableForm({
  list,
  index,
  doc,
  onChange,
}: {
  list: VariableDoc[];
  index: number;
  doc: EditDoc;
  onChange: (patch: Partial<VariableDoc>) => void;
}) {
  const v = list[index];
  const problems = variableProblems(list, index);
  const kind = VARIABLE_TYPES.find((t) => t.type === v.type) ?? VARIABLE_TYPES[0];
  const datasources = useQuery({
    queryKey: ['datasources'],
    queryFn: () => apiFetch<{ datasources: DataSourceRow[] }>('/api/datasources'),
    enabled: v.type === 'query',
    staleTime: 60_000,
  });
  const listed = v.type === 'query' || listsOwnValues(v);
  return (
    <section
      className="flex flex-col gap-3 border-t border-gray-200 pt-3 dark:border-gray-800"
      aria-label={`Variable ${v.name}`}
      data-testid="variable-form"
    >
      <div className="grid grid-cols-2 gap-2">
        <Field label="Name" error={problems.name}>
          <input
            className={inputClass}
            value={v.name}
            spellCheck={false}
            aria-invalid={!!problems.name}
            onChange={(e) => onChange({ name: e.target.value })}
          />
        </Field>
        <Field label="Type">
          <select
            className={inputClass}
            value={v.type}
            onChange={(e) => onChange({ type: e.target.value as VariableType })}
          >
            {VARIABLE_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field label="Label (shown instead of the name)">
        <input
          className={inputClass}
          value={v.label ?? ''}
          onChange={(e) => onChange({ label: e.target.value || undefined })}
        />
      </Field>
      {v.type === 'query' && (
        <Field label="Datasource">
          <select
            className={inputClass}
            value={v.datasource?.uid ?? ''}
            onChange={(e) => {
              const ds = datasources.data?.datasources.find((d) => d.uid === e.target.value);
              // The uid alone: the datasource's type is looked up on the server.
              onChange({ datasource: ds ? { uid: ds.uid } : undefined });
            }}
          >
            <option value="">Default (duckdb)</option>
            {datasources.data?.datasources.map((d) => (
              <option key={d.uid} value={d.uid}>
                {d.name} ({d.type})
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label={kind.query} error={problems.query}>
        {v.type === 'query' ? (
          <textarea
            className={`${inputClass} h-20 py-1 font-mono`}
            value={v.query ?? ''}
            spellCheck={false}
            aria-invalid={!!problems.query}
            placeholder="SELECT DISTINCT city FROM sales WHERE $__timeFilter(ts) ORDER BY 1"
            onChange={(e) => onChange({ query: e.target.value })}
          />
        ) : (
          <input
            className={inputClass}
            value={v.query ?? ''}
            aria-invalid={!!problems.query}
            placeholder={v.type === 'interval' ? '1m,5m,15m,1h' : v.type === 'custom' ? 'Lima, Quito, Bogotá' : ''}
            onChange={(e) => onChange({ query: e.target.value })}
          />
        )}
      </Field>
      {listed && (
        <div className="flex flex-col gap-2 text-sm">
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={!!v.multi} onChange={(e) => onChange({ multi: e.target.checked })} />
            Multi-value: several values may be picked at once
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={!!v.includeAll}
              onChange={(e) => onChange({ includeAll: e.target.checked })}
            />
            Include All
          </label>
          {v.includeAll && (
            <Field label="Custom all value (SQL used for All instead of every value; optional)">
              <input
                className={`${inputClass} font-mono`}
                value={v.allValue ?? ''}
                spellCheck={false}
                onChange={(e) => onChange({ allValue: e.target.value || undefined })}
              />
            </Field>
          )}
        </div>
      )}
      <Preview variable={v} doc={doc} blocked={!!problems.query} />
    </section>
  );
}

/** `value`, once it has stayed the same for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * The variable's values: parsed here for custom and interval variables (the server's own parser), read by the
 * server for query variables (`POST /api/ds/variable-options`, over the dashboard's current range).
 */
function Preview({ variable, doc, blocked }: { variable: VariableDoc; doc: EditDoc; blocked: boolean }) {
  const headingId = useId();
  const range = currentRange(doc);
  const request = useSettled(
    JSON.stringify({
      variable: {
        name: variable.name,
        type: variable.type,
        query: variable.query ?? '',
        ...(variable.datasource ? { datasource: variable.datasource } : {}),
      },
      range,
      dashboardUid: doc.uid,
    }),
    400,
  );
  const isQuery = variable.type === 'query';
  const remote = useQuery({
    queryKey: ['variable-preview', request],
    queryFn: () =>
      apiFetch<{ values: string[]; ms: number; sql?: string }>('/api/ds/variable-options', 'POST', JSON.parse(request)),
    enabled: isQuery && !blocked && JSON.parse(request).variable.type === 'query',
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
  });
  let values: string[] = [];
  let note = '';
  if (listsOwnValues(variable)) values = parseCustomOptions(variable.query ?? '').map((o) => o.text);
  else if (variable.type === 'constant' || variable.type === 'textbox') values = variable.query ? [variable.query] : [];
  else if (remote.data) {
    values = remote.data.values;
    note = `${values.length} value${values.length === 1 ? '' : 's'} over ${range.from} to ${range.to}, in ${remote.data.ms} ms`;
  }
  const shown = values.slice(0, 100);
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-1" data-testid="variable-preview">
      <h4 id={headingId} className="text-xs font-semibold uppercase tracking-wide text-gray-500">
        Preview of values
      </h4>
      {isQuery && remote.isFetching && <p className="text-xs text-gray-500">Running the query…</p>}
      {isQuery && remote.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {messageOf(remote.error)}
        </p>
      )}
      {shown.length === 0 && !(isQuery && (remote.isFetching || remote.isError)) && (
        <p className="text-sm text-gray-500">No values.</p>
      )}
      {shown.length > 0 && (
        <ul className="flex flex-wrap gap-1" data-testid="variable-preview-values">
          {variable.includeAll && <li className="rounded bg-blue-100 px-1.5 py-0.5 text-xs dark:bg-blue-900">All</li>}
          {shown.map((value, i) => (
            <li key={i} className="rounded bg-gray-100 px-1.5 py-0.5 font-mono text-xs dark:bg-gray-800">
              {value}
            </li>
          ))}
          {values.length > shown.length && (
            <li className="px-1.5 py-0.5 text-xs text-gray-500">and {values.length - shown.length} more</li>
          )}
        </ul>
      )}
      {note && <p className="text-xs text-gray-500">{note}</p>}
      {isQuery && remote.data?.sql && (
        <details className="text-xs text-gray-500">
          <summary>SQL sent</summary>
          <pre className="whitespace-pre-wrap font-mono">{remote.data.sql}</pre>
        </details>
      )}
    </section>
  );
}
