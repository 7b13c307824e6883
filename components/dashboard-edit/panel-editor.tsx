'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { VarValues } from '@/lib/query/protocol';
import { apiFetch } from '@/components/account/api';
import { TablePanel } from '@/components/panels/table-panel';
import { buttonClass, inputClass, primaryClass } from './modal';
import { EditPanelView } from './edit-panel-view';
import { PanelOptions } from './panel-options';
import {
  addTarget,
  optionsOf,
  removeTarget,
  setOption,
  targetsOf,
  toPanelViewDraft,
  updateTarget,
  type DraftPanel,
} from './panel-draft';
import { MACRO_HELP } from './sql-help';
import { SqlEditor, type SqlMarker } from './sql-editor';
import { STARTER_SQL } from './model';
import { usePreviewData, type DraftTarget, type PreviewData } from './use-preview-data';

interface DataSourceItem {
  uid: string;
  name?: string;
  type: string;
}

export interface PanelEditorProps {
  dashboardUid: string;
  panel: DraftPanel;
  /** Names of the dashboard's variables, completed as `$name`. */
  variables: readonly string[];
  range: { from: string; to: string };
  vars: VarValues;
  refresh: string;
  /** Back to the dashboard with the edited panel. */
  onApply: (panel: DraftPanel) => void;
  /** Back to the dashboard, the panel as it was. */
  onDiscard: () => void;
}

/** What a Run runs: the targets and datasource as they were when Run was pressed. */
interface RunState {
  targets: DraftTarget[];
  datasourceUid?: string;
}

const datasourceUidOf = (panel: DraftPanel) => (panel.datasource as { uid?: string } | undefined)?.uid;

function maxDataPointsOf(panel: DraftPanel): number {
  if (typeof panel.maxDataPoints === 'number') return panel.maxDataPoints;
  return Math.max(100, Math.round((panel.gridPos.w / 24) * 1600));
}

/**
 * Grafana's panel editor: the real panel on top (redrawn on Run, re-run every second on a live dashboard), the SQL of
 * each query below with completion and Ctrl/Cmd+Enter, a data tab with what was sent and what came back, and the
 * visualization and its options on the right.
 */
export function PanelEditor(props: PanelEditorProps) {
  const { dashboardUid, range, vars, refresh, variables } = props;
  const [draft, setDraft] = useState<DraftPanel>(props.panel);
  const isText = draft.type === 'text';
  const [tab, setTab] = useState<'query' | 'data'>('query');
  const [ran, setRan] = useState<RunState>(() => ({
    targets: targetsOf(props.panel),
    datasourceUid: datasourceUidOf(props.panel),
  }));
  const datasources = useQuery({
    queryKey: ['datasources'],
    queryFn: () => apiFetch<{ datasources: DataSourceItem[] }>('/api/datasources'),
    staleTime: 60_000,
  });
  const dsList = datasources.data?.datasources ?? [];
  const dsUid = datasourceUidOf(draft) ?? dsList[0]?.uid ?? 'duckdb';
  const engine = dsList.find((d) => d.uid === dsUid)?.type;

  const preview = usePreviewData({
    dashboardUid,
    datasourceUid: ran.datasourceUid,
    targets: ran.targets,
    range,
    vars,
    refresh,
    maxDataPoints: maxDataPointsOf(draft),
    interval: typeof draft.interval === 'string' ? draft.interval : undefined,
    enabled: !isText,
  });

  const run = useCallback(() => {
    const next: RunState = { targets: targetsOf(draft), datasourceUid: datasourceUidOf(draft) };
    if (JSON.stringify(next) === JSON.stringify(ran)) void preview.refetch();
    else setRan(next);
  }, [draft, ran, preview]);

  // Escape leaves the editor keeping the changes, as Grafana's "Back to dashboard" does.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !(e.target as HTMLElement | null)?.closest('.cm-editor')) props.onApply(draft);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [draft, props]);

  const markers = useMemo(() => {
    const byRef = new Map<string, SqlMarker[]>();
    for (const e of preview.errors) {
      if (!e.position) continue;
      const list = byRef.get(e.refId) ?? [];
      list.push({ line: e.position.line, column: e.position.column, message: e.message });
      byRef.set(e.refId, list);
    }
    return byRef;
  }, [preview.errors]);

  const view = useMemo(() => toPanelViewDraft(draft), [draft]);
  const targets = targetsOf(draft);
  const stale = JSON.stringify({ targets, datasourceUid: datasourceUidOf(draft) }) !== JSON.stringify(ran);

  return (
    <div
      className="fixed inset-0 z-40 flex flex-col bg-gray-50 dark:bg-gray-950"
      role="dialog"
      aria-modal="true"
      aria-label="Edit panel"
      data-testid="panel-editor"
    >
      <header className="flex flex-wrap items-center gap-2 border-b border-blue-200 bg-blue-50 px-4 py-2 dark:border-blue-900 dark:bg-gray-900">
        <h2 className="mr-auto truncate text-base font-semibold">
          <span className="text-blue-700 dark:text-blue-300">Edit panel:</span> {draft.title || 'Untitled'}
        </h2>
        <span className="text-xs text-gray-500" data-testid="preview-range">
          {range.from} → {range.to}
          {refresh === 'live' ? ' · live: the preview re-runs every second' : refresh ? ` · every ${refresh}` : ''}
        </span>
        <button type="button" className={buttonClass} onClick={props.onDiscard}>
          Discard
        </button>
        <button type="button" className={primaryClass} onClick={() => props.onApply(draft)}>
          Back to dashboard
        </button>
      </header>
      <div className="grid min-h-0 flex-1 grid-cols-1 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="flex min-h-0 flex-col gap-2 overflow-auto p-3">
          <div className="h-[38vh] min-h-48 shrink-0" data-testid="panel-preview">
            <EditPanelView panel={view} data={preview} live={refresh === 'live'} />
          </div>
          <div
            role="tablist"
            aria-label="Panel editor"
            className="flex gap-1 border-b border-gray-200 dark:border-gray-800"
          >
            {(['query', 'data'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                onClick={() => setTab(t)}
                className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${
                  tab === t ? 'border-blue-600 font-medium' : 'border-transparent text-gray-500 hover:text-gray-800'
                }`}
              >
                {t === 'query' ? 'Query' : 'Data'}
              </button>
            ))}
          </div>
          {isText ? (
            <TextContent panel={draft} onChange={setDraft} />
          ) : tab === 'query' ? (
            <div className="flex flex-col gap-3" role="tabpanel" aria-label="Query">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <label className="flex items-center gap-1">
                  Datasource
                  <select
                    className={inputClass}
                    value={dsUid}
                    data-testid="panel-datasource"
                    onChange={(e) => {
                      const ds = dsList.find((d) => d.uid === e.target.value);
                      setDraft((p) => ({
                        ...p,
                        datasource: { uid: e.target.value, ...(ds ? { type: ds.type } : {}) },
                        targets: targetsOf(p).map(({ datasource: _ds, ...t }) => t),
                      }));
                    }}
                  >
                    {!dsList.some((d) => d.uid === dsUid) && <option value={dsUid}>{dsUid}</option>}
                    {dsList.map((d) => (
                      <option key={d.uid} value={d.uid}>
                        {d.name ?? d.uid} ({d.type})
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  className={primaryClass}
                  onClick={run}
                  title="Run the queries (Ctrl+Enter or ⌘+Enter in the editor)"
                  data-testid="run-query"
                >
                  Run
                </button>
                <span className="text-xs text-gray-500">Ctrl+Enter</span>
                <RunStatus preview={preview} stale={stale} />
              </div>
              {targets.map((t) => {
                const error = preview.errors.find((e) => e.refId === t.refId);
                return (
                  <section key={t.refId} className="flex flex-col gap-1" data-testid={`query-${t.refId}`}>
                    <div className="flex items-center gap-2 text-sm">
                      <span className="font-mono font-semibold">{t.refId}</span>
                      <label className="flex items-center gap-1 text-xs">
                        Format
                        <select
                          className={`${inputClass} h-7`}
                          value={t.format ?? 'time_series'}
                          onChange={(e) =>
                            setDraft((p) =>
                              updateTarget(p, t.refId, { format: e.target.value as 'time_series' | 'table' }),
                            )
                          }
                        >
                          <option value="time_series">Time series</option>
                          <option value="table">Table</option>
                        </select>
                      </label>
                      {targets.length > 1 && (
                        <button
                          type="button"
                          className="ml-auto rounded px-1 text-xs text-red-600 hover:bg-red-50 dark:hover:bg-red-950"
                          onClick={() => setDraft((p) => removeTarget(p, t.refId))}
                        >
                          Remove query {t.refId}
                        </button>
                      )}
                    </div>
                    <SqlEditor
                      value={t.rawSql}
                      onChange={(rawSql) => setDraft((p) => updateTarget(p, t.refId, { rawSql }))}
                      onRun={run}
                      datasourceUid={t.datasource?.uid ?? dsUid}
                      engine={engine}
                      variables={variables}
                      markers={markers.get(t.refId) ?? []}
                      label={`SQL of query ${t.refId}`}
                      testId={`sql-editor-${t.refId}`}
                    />
                    {error && !stale && (
                      <p
                        role="alert"
                        data-testid={`query-error-${t.refId}`}
                        className="whitespace-pre-wrap font-mono text-xs text-red-700 dark:text-red-300"
                      >
                        {error.position ? `Line ${error.position.line}: ` : ''}
                        {error.message}
                      </p>
                    )}
                  </section>
                );
              })}
              <div>
                <button
                  type="button"
                  className={buttonClass}
                  onClick={() => setDraft((p) => addTarget(p, STARTER_SQL))}
                >
                  Add query
                </button>
              </div>
              <MacroHelpList />
            </div>
          ) : (
            <DataTab preview={preview} />
          )}
        </div>
        <aside className="min-h-0 overflow-auto border-l border-gray-200 bg-white p-3 dark:border-gray-800 dark:bg-gray-900">
          <PanelOptions panel={draft} onChange={setDraft} />
        </aside>
      </div>
    </div>
  );
}

/** A text panel's Markdown (or HTML, shown as text): what it draws, redrawn as you type. */
function TextContent({ panel, onChange }: { panel: DraftPanel; onChange: (p: DraftPanel) => void }) {
  const options = optionsOf(panel);
  return (
    <div className="flex flex-col gap-2" aria-label="Text content">
      <label className="flex items-center gap-2 text-sm">
        Mode
        <select
          className={inputClass}
          value={options.mode === 'html' ? 'html' : 'markdown'}
          onChange={(e) => onChange(setOption(panel, 'mode', e.target.value))}
        >
          <option value="markdown">Markdown</option>
          <option value="html">HTML (shown as text)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Content
        <textarea
          data-testid="text-content"
          className="min-h-48 rounded border border-gray-300 bg-white p-2 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-950"
          value={typeof options.content === 'string' ? options.content : ''}
          maxLength={100_000}
          onChange={(e) => onChange(setOption(panel, 'content', e.target.value))}
        />
      </label>
    </div>
  );
}

function RunStatus({ preview, stale }: { preview: PreviewData; stale: boolean }) {
  const res = preview.response;
  return (
    <span className="text-xs text-gray-500" role="status" data-testid="run-status">
      {preview.isFetching
        ? 'Running…'
        : preview.status === 'error'
          ? 'Failed'
          : res
            ? `${rows(rowCount(preview))} in ${res.ms} ms`
            : ''}
      {stale && !preview.isFetching ? ' · edited since the last Run' : ''}
    </span>
  );
}

const rows = (n: number) => `${n} ${n === 1 ? 'row' : 'rows'}`;

function rowCount(preview: PreviewData): number {
  return preview.frames.reduce((n, f) => n + f.length, 0);
}

/** Every macro with what it renders and an example; the same text the completion shows. */
function MacroHelpList() {
  return (
    <details className="rounded border border-gray-200 bg-white p-2 text-sm dark:border-gray-800 dark:bg-gray-900">
      <summary className="cursor-pointer font-medium">Macros (type $ in the editor to complete them)</summary>
      <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 md:grid-cols-[max-content_1fr]">
        {MACRO_HELP.map((m) => (
          <div key={m.name} className="contents">
            <dt className="font-mono text-xs">{m.usage}</dt>
            <dd className="text-xs text-gray-600 dark:text-gray-400">
              {m.info} <code className="text-gray-500">{m.example}</code>
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** What was sent (macros expanded), how long it took, and the rows that came back. */
function DataTab({ preview }: { preview: PreviewData }) {
  const res = preview.response;
  if (!res)
    return (
      <p className="p-3 text-sm text-gray-500" role="tabpanel" aria-label="Data">
        {preview.status === 'error' ? (preview.error ?? 'The query failed.') : 'Run the query to see its data.'}
      </p>
    );
  return (
    <div className="flex flex-col gap-3" role="tabpanel" aria-label="Data">
      <p className="text-sm" data-testid="data-summary">
        {rows(rowCount(preview))} in {res.ms} ms
        {res.errors?.length ? ` · ${res.errors.length} failed` : ''}
      </p>
      {res.queries.map((q) => (
        <section key={q.refId} className="flex flex-col gap-1">
          <h3 className="text-sm font-medium">
            Query {q.refId} on {q.datasourceUid}: SQL sent
          </h3>
          <pre
            data-testid={`rendered-sql-${q.refId}`}
            className="overflow-auto whitespace-pre-wrap rounded border border-gray-200 bg-white p-2 font-mono text-xs dark:border-gray-800 dark:bg-gray-900"
          >
            {q.sql}
          </pre>
        </section>
      ))}
      {res.frames.map((f, i) => (
        <section key={`${f.refId}-${i}`} className="flex flex-col gap-1">
          <h3 className="text-sm font-medium">
            Result {f.refId}
            {f.name ? ` (${f.name})` : ''}: {rows(f.length)}
            {f.truncated ? ', cut at the row limit' : ''}
          </h3>
          <div className="h-64 overflow-hidden rounded border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
            <TablePanel
              panel={{
                id: 0,
                type: 'table',
                title: '',
                gridPos: { x: 0, y: 0, w: 24, h: 8 },
                targets: [],
                fieldConfig: { defaults: {} },
                options: {},
              }}
              frames={[f]}
            />
          </div>
        </section>
      ))}
    </div>
  );
}
