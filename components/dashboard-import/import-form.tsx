'use client';

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ApiError, apiFetch, messageOf } from '@/components/account/api';
import { buttonClass, inputClass, primaryClass } from '@/components/ui-classes';

/** A datasource the import needs mapped (Grafana's `__inputs`). */
interface ImportInput {
  name: string;
  label?: string;
  pluginId?: string;
  type?: string;
}

interface Unconverted {
  title: string;
  type: string;
  reason: string;
}

interface Preview {
  dashboard: { uid?: string; title: string; panels: { type: string }[] };
  unconverted: Unconverted[];
  warnings: string[];
  /** Datasource inputs to map. */
  inputs: ImportInput[];
  /** Constant inputs, with the value the export carries (written into the SQL). */
  constants?: (ImportInput & { value?: string })[];
  /** The uid is taken here: importing needs "replace". */
  exists?: boolean;
  datasources?: DataSourceItem[];
}

interface Imported {
  uid: string;
  version: number;
  url: string;
  title: string;
  unconverted: Unconverted[];
  warnings: string[];
}

interface DataSourceItem {
  uid: string;
  name?: string;
  type: string;
}

/** The datasource a Grafana plugin id most likely means here: same engine family first. */
function guessDatasource(input: ImportInput, list: readonly DataSourceItem[]): string {
  const plugin = (input.pluginId ?? '').toLowerCase();
  const family = plugin.includes('druid') ? ['druid'] : plugin.includes('mysql') ? ['starrocks', 'mysql'] : [];
  return list.find((d) => family.includes(d.type))?.uid ?? list[0]?.uid ?? '';
}

/**
 * Import by paste or file: the JSON is checked here, then previewed by the server (what converts, what does not and
 * why, which `__inputs` need a datasource), then saved as a new dashboard version with the mapping chosen.
 */
export function ImportForm() {
  const [text, setText] = useState('');
  const [parsed, setParsed] = useState<Record<string, unknown> | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [overwrite, setOverwrite] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Imported | null>(null);
  const datasources = useQuery({
    queryKey: ['datasources'],
    queryFn: () => apiFetch<{ datasources: DataSourceItem[] }>('/api/datasources'),
    staleTime: 60_000,
  });
  const dsList = datasources.data?.datasources ?? [];

  const load = async (source: string) => {
    setError(null);
    setPreview(null);
    setDone(null);
    let json: unknown;
    try {
      json = JSON.parse(source);
    } catch (err) {
      setError(`Not valid JSON: ${messageOf(err)}`);
      return;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      setError('The file must hold one dashboard: a JSON object');
      return;
    }
    // Grafana's "Export for sharing externally" and its API both wrap the dashboard sometimes: {dashboard: {...}}.
    const obj = json as Record<string, unknown>;
    const dashboard =
      obj.dashboard && typeof obj.dashboard === 'object' && !Array.isArray(obj.dashboard)
        ? (obj.dashboard as Record<string, unknown>)
        : obj;
    setParsed(dashboard);
    setBusy(true);
    try {
      const p = await apiFetch<Preview>('/api/dashboards/import/preview', 'POST', { dashboard, inputs: {} });
      setPreview(p);
      const list = p.datasources?.length ? p.datasources : dsList;
      setInputs(Object.fromEntries(p.inputs.map((i) => [i.name, guessDatasource(i, list)])));
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    if (!parsed) return;
    setBusy(true);
    setError(null);
    try {
      setDone(
        await apiFetch<Imported>('/api/dashboards/import', 'POST', {
          dashboard: parsed,
          inputs,
          overwrite,
          message: 'Imported',
        }),
      );
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 412
          ? `${err.message}. Tick “Replace the existing dashboard” to overwrite it, or change the uid in the JSON.`
          : messageOf(err),
      );
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <section className="flex flex-col gap-3" data-testid="import-done">
        <p role="status" className="text-sm">
          Imported <strong>{done.title}</strong> as version {done.version}.
        </p>
        <UnconvertedList items={done.unconverted} />
        <Warnings items={done.warnings} />
        <div className="flex gap-2">
          <a href={done.url} className={primaryClass}>
            Open the dashboard
          </a>
          <button
            type="button"
            className={buttonClass}
            onClick={() => {
              setDone(null);
              setPreview(null);
              setParsed(null);
              setText('');
            }}
          >
            Import another
          </button>
        </div>
      </section>
    );

  return (
    <div className="flex flex-col gap-4">
      <section className="flex flex-col gap-2">
        <label htmlFor="import-json" className="text-sm font-medium">
          Paste a dashboard JSON (a Grafana export, or one of Pulseboard&apos;s)
        </label>
        <textarea
          id="import-json"
          data-testid="import-json"
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          className="min-h-48 rounded border border-gray-300 bg-white p-2 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-950"
        />
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <button type="button" className={primaryClass} disabled={busy || !text.trim()} onClick={() => load(text)}>
            Load
          </button>
          <span className="text-gray-500">or</span>
          <label className={buttonClass}>
            Upload a JSON file
            <input
              type="file"
              accept="application/json,.json"
              className="sr-only"
              data-testid="import-file"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                const content = await file.text();
                setText(content);
                await load(content);
              }}
            />
          </label>
        </div>
      </section>
      {error && (
        <p role="alert" data-testid="import-error" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
      {preview && (
        <section className="flex flex-col gap-3 rounded-md border border-gray-200 bg-white p-4 dark:border-gray-800 dark:bg-gray-900">
          <h2 className="font-semibold" data-testid="import-title">
            {preview.dashboard.title}
          </h2>
          <p className="text-sm text-gray-600 dark:text-gray-400">
            {preview.dashboard.panels.filter((p) => p.type !== 'row').length} panels
            {preview.dashboard.uid ? ` · uid ${preview.dashboard.uid}` : ''}
          </p>
          {preview.exists && (
            <p className="text-sm text-amber-800 dark:text-amber-200" data-testid="import-exists">
              A dashboard with this uid already exists here. Importing replaces it with a new version (its history is
              kept) only if you tick the box below.
            </p>
          )}
          {preview.inputs.length > 0 && (
            <fieldset className="flex flex-col gap-2" data-testid="import-inputs">
              <legend className="text-sm font-medium">Datasources this dashboard needs</legend>
              {preview.inputs.map((input) => (
                <label key={input.name} className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="min-w-40">
                    {input.label ?? input.name}
                    {input.pluginId ? <span className="text-gray-500"> ({input.pluginId})</span> : null}
                  </span>
                  <select
                    className={inputClass}
                    value={inputs[input.name] ?? ''}
                    aria-label={`Datasource for ${input.label ?? input.name}`}
                    onChange={(e) => setInputs((m) => ({ ...m, [input.name]: e.target.value }))}
                  >
                    {(preview.datasources?.length ? preview.datasources : dsList).map((d) => (
                      <option key={d.uid} value={d.uid}>
                        {d.name ?? d.uid} ({d.type})
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </fieldset>
          )}
          {!!preview.constants?.length && (
            <div className="text-sm" data-testid="import-constants">
              <p className="font-medium">Constants (written into the SQL as exported)</p>
              <ul className="ml-5 list-disc">
                {preview.constants.map((c) => (
                  <li key={c.name}>
                    {c.label ?? c.name}: <code>{c.value ?? ''}</code>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <UnconvertedList items={preview.unconverted} />
          <Warnings items={preview.warnings} />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
            Replace the existing dashboard with the same uid (it keeps its version history)
          </label>
          <div>
            <button type="button" className={primaryClass} disabled={busy} onClick={submit} data-testid="import-submit">
              Import
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function UnconvertedList({ items }: { items: Unconverted[] }) {
  if (!items.length) return null;
  return (
    <div className="text-sm" data-testid="import-unconverted">
      <p className="font-medium text-amber-800 dark:text-amber-200">
        {items.length} {items.length === 1 ? 'panel' : 'panels'} could not be converted; each stays as a text panel
        saying why:
      </p>
      <ul className="ml-5 list-disc">
        {items.map((u, i) => (
          <li key={i}>
            <strong>{u.title || 'Untitled'}</strong> ({u.type}): {u.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Warnings({ items }: { items: string[] }) {
  if (!items.length) return null;
  return (
    <ul className="ml-5 list-disc text-sm text-gray-600 dark:text-gray-400" data-testid="import-warnings">
      {items.map((w, i) => (
        <li key={i}>{w}</li>
      ))}
    </ul>
  );
}
