'use client';

import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import ReactGridLayout, { useContainerWidth, verticalCompactor, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import { messageOf } from '@/components/account/api';
import { createDashboard, loadDashboard, saveDashboard, SaveError, type DashboardMetaView } from './api';
import {
  applyLayout,
  checkModel,
  copyOf,
  addPanel,
  addRow,
  deletePanel,
  duplicatePanel,
  GRID_COLS,
  hasUnsavedChanges,
  toLayout,
  type EditDoc,
} from './model';
import { nudge } from './keyboard';
import { buttonClass, ConfirmModal, dangerClass, inputClass, Modal, primaryClass } from './modal';
import { SettingsDrawer } from './settings-drawer';
import { CollabBanner } from './collab-banner';
import { variableProblems, variablesOf } from './variables-model';
import { EditPanelView } from './edit-panel-view';
import { targetsOf, toPanelViewDraft, type DraftPanel } from './panel-draft';
import { usePreviewData } from './use-preview-data';
import { usePanelData } from '@/components/dashboard/use-panel-data';
import { RenderedPanel } from '@/components/dashboard/dashboard-panel';
import type { VarValues } from '@/lib/query/protocol';

/** The view's time range, variable values and refresh, which edit mode keeps using for its panels. */
// The panel editor (CodeMirror and the options pane) is its own chunk, fetched when a panel is first edited (or its
// Edit button hovered): rearranging a dashboard does not download a SQL editor.
const loadPanelEditor = () => import('./panel-editor');
const PanelEditor = lazy(() => loadPanelEditor().then((m) => ({ default: m.PanelEditor })));

export interface EditContext {
  range: { from: string; to: string };
  vars: VarValues;
  refresh: string;
}

export interface DashboardEditorProps {
  uid: string;
  context: EditContext;
  /** Leave edit mode; `saved` is the version just saved, if any. */
  onExit: (saved?: number) => void;
}

/** Full navigation that the unsaved-changes guard lets through (the user already chose to leave). */
function leave(url: string | null) {
  if (url === null) window.location.reload();
  else window.location.assign(url);
}

/** Loads the full dashboard JSON (editors may read it) and edits it. */
export function DashboardEditor({ uid, context, onExit }: DashboardEditorProps) {
  const loaded = useQuery({
    queryKey: ['dashboard-edit', uid],
    queryFn: () => loadDashboard(uid),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
  if (loaded.isPending)
    return (
      <p className="p-6 text-sm text-gray-500" role="status">
        Loading the dashboard for editing…
      </p>
    );
  if (loaded.isError)
    return (
      <div role="alert" className="flex items-center gap-2 p-6 text-sm text-red-700 dark:text-red-300">
        Could not open the dashboard for editing: {messageOf(loaded.error)}
        <button type="button" className={buttonClass} onClick={() => onExit()}>
          Back
        </button>
      </div>
    );
  return <Editor key={loaded.data.version} {...loaded.data} context={context} onExit={onExit} />;
}

type Dialog =
  | { kind: 'save' }
  | { kind: 'copy' }
  | { kind: 'conflict'; current: { version: number; updatedBy: string | null } }
  | { kind: 'overwrite' }
  | { kind: 'discard' };

function Editor({
  doc: initial,
  version,
  meta,
  context,
  onExit,
}: {
  doc: EditDoc;
  version: number;
  meta?: DashboardMetaView;
  context: EditContext;
  onExit: (saved?: number) => void;
}) {
  const [doc, setDoc] = useState<EditDoc>(initial);
  const [editing, setEditing] = useState<number | null>(null);
  const editingPanel = editing === null ? undefined : doc.panels.find((p) => p.id === editing);
  const variables = useMemo(
    () => ((doc.templating as { list?: { name: string }[] } | undefined)?.list ?? []).map((v) => v.name),
    [doc.templating],
  );
  const [view, setView] = useState<'grid' | 'json'>('grid');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const provisioned = meta?.provisioned ?? false;
  const dirty = useMemo(() => hasUnsavedChanges(initial, doc), [initial, doc]);

  // Leaving the page with unsaved changes asks first; a chosen navigation (reload, copy, delete) is let through.
  const leaving = useRef(false);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (leaving.current) return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);
  const go = useCallback((url: string | null) => {
    leaving.current = true;
    leave(url);
  }, []);

  const close = useCallback(() => {
    setDialog(null);
    setError(null);
  }, []);

  async function run(task: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (err) {
      if (err instanceof SaveError && err.status === 412 && err.current)
        setDialog({ kind: 'conflict', current: err.current });
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const save = (at: { version: number } | { overwrite: true }) =>
    run(async () => {
      assertVariablesOk(doc);
      const saved = await saveDashboard(doc, at, message);
      leaving.current = true;
      onExit(saved.version);
    });
  const saveCopy = () =>
    run(async () => {
      assertVariablesOk(doc);
      const saved = await createDashboard(copyOf(doc), message);
      go(saved.url);
    });

  const exit = () => (dirty ? setDialog({ kind: 'discard' }) : onExit());

  return (
    <div className="flex min-h-screen flex-col" data-testid="dashboard-editor">
      <header className="sticky top-0 z-30 border-b border-blue-200 bg-blue-50/95 backdrop-blur dark:border-blue-900 dark:bg-gray-900/95">
        <div className="flex flex-wrap items-center gap-2 px-4 py-2">
          <h1 className="mr-auto truncate text-lg font-semibold">
            <span className="text-blue-700 dark:text-blue-300">Editing:</span> {doc.title}
            <span className="ml-2 text-xs font-normal text-gray-500" data-testid="edit-version">
              version {version}
              {dirty ? ' · unsaved changes' : ''}
            </span>
          </h1>
          <button
            type="button"
            className={buttonClass}
            disabled={view === 'json'}
            onClick={() => setDoc((d) => ({ ...d, panels: addPanel(d.panels) }))}
          >
            Add panel
          </button>
          <button
            type="button"
            className={buttonClass}
            disabled={view === 'json'}
            onClick={() => setDoc((d) => ({ ...d, panels: addRow(d.panels) }))}
          >
            Add row
          </button>
          <button
            type="button"
            className={buttonClass}
            aria-pressed={view === 'json'}
            onClick={() => setView(view === 'json' ? 'grid' : 'json')}
          >
            {view === 'json' ? 'Layout' : 'JSON model'}
          </button>
          <a
            className={buttonClass}
            href={`/api/dashboards/${encodeURIComponent(doc.uid)}/export`}
            download
            title="Download the saved version as JSON"
          >
            Export
          </a>
          <button
            type="button"
            className={buttonClass}
            aria-haspopup="dialog"
            aria-expanded={settingsOpen}
            onClick={() => setSettingsOpen(true)}
          >
            Settings
          </button>
          {provisioned ? (
            <button type="button" className={primaryClass} onClick={() => setDialog({ kind: 'copy' })}>
              Save as copy…
            </button>
          ) : (
            <>
              <button
                type="button"
                className={buttonClass}
                title="Duplicate: a new dashboard with your changes; this one stays as it is"
                onClick={() => setDialog({ kind: 'copy' })}
              >
                Save as copy…
              </button>
              <button type="button" className={primaryClass} onClick={() => setDialog({ kind: 'save' })}>
                Save…
              </button>
            </>
          )}
          <button type="button" className={buttonClass} onClick={exit}>
            Exit edit mode
          </button>
        </div>
        {provisioned && (
          <p
            data-testid="provisioned-note"
            className="border-t border-amber-200 bg-amber-50 px-4 py-1 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
          >
            Provisioned from {meta?.provisionedFile ?? 'a file'}: read-only here. Save a copy to keep your changes.
          </p>
        )}
        <CollabBanner uid={doc.uid} version={version} />
      </header>
      <main className="flex flex-1 flex-col gap-3 p-3 md:p-4">
        {view === 'grid' ? (
          <EditGrid doc={doc} saved={initial} setDoc={setDoc} context={context} onEditPanel={setEditing} />
        ) : (
          <JsonModel doc={doc} onApply={(next) => setDoc(next)} />
        )}
      </main>
      {editingPanel && (
        <Suspense
          fallback={
            <div className="fixed inset-0 z-40 flex items-center justify-center bg-white/70 text-sm dark:bg-gray-950/70">
              <span role="status">Loading the panel editor…</span>
            </div>
          }
        >
          <PanelEditor
            dashboardUid={doc.uid}
            panel={editingPanel}
            variables={variables}
            range={context.range}
            vars={context.vars}
            refresh={context.refresh}
            onApply={(panel) => {
              setDoc((d) => ({ ...d, panels: d.panels.map((p) => (p.id === panel.id ? panel : p)) }));
              setEditing(null);
            }}
            onDiscard={() => setEditing(null)}
          />
        </Suspense>
      )}
      {settingsOpen && (
        <SettingsDrawer
          doc={doc}
          setDoc={setDoc}
          provisioned={provisioned}
          onClose={() => setSettingsOpen(false)}
          go={go}
        />
      )}
      {(dialog?.kind === 'save' || dialog?.kind === 'copy') && (
        <Modal
          title={dialog.kind === 'save' ? 'Save dashboard' : 'Save as copy'}
          testId="save-dialog"
          onClose={close}
          actions={
            <>
              <button type="button" className={buttonClass} onClick={close}>
                Cancel
              </button>
              <button
                type="button"
                className={primaryClass}
                disabled={busy}
                onClick={() => (dialog.kind === 'save' ? save({ version }) : saveCopy())}
              >
                {dialog.kind === 'save' ? 'Save' : 'Save copy'}
              </button>
            </>
          }
        >
          {dialog.kind === 'copy' && (
            <p>A new dashboard titled “{doc.title} (copy)” is created with your changes; this one stays as it is.</p>
          )}
          <label className="flex flex-col gap-1">
            <span>Message (optional)</span>
            <input
              className={inputClass}
              value={message}
              maxLength={500}
              onChange={(e) => setMessage(e.target.value)}
              data-testid="save-message"
            />
          </label>
          {!dirty && dialog.kind === 'save' && <p className="text-gray-500">No changes since version {version}.</p>}
          {error && <ErrorLine text={error} />}
        </Modal>
      )}
      {dialog?.kind === 'conflict' && (
        <Modal
          title="Someone else saved this dashboard"
          testId="conflict-dialog"
          onClose={close}
          actions={
            <>
              <button type="button" className={buttonClass} onClick={() => go(null)}>
                Reload
              </button>
              <button type="button" className={buttonClass} disabled={busy} onClick={saveCopy}>
                Save as copy
              </button>
              <button type="button" className={dangerClass} onClick={() => setDialog({ kind: 'overwrite' })}>
                Overwrite…
              </button>
            </>
          }
        >
          <p>
            {dialog.current.updatedBy ?? 'Someone'} saved version {dialog.current.version} after you opened version{' '}
            {version}. Reload to discard your changes, save yours as a copy, or overwrite theirs.
          </p>
          {error && <ErrorLine text={error} />}
        </Modal>
      )}
      {dialog?.kind === 'overwrite' && (
        <ConfirmModal
          title="Overwrite the newer version?"
          testId="overwrite-dialog"
          confirmLabel="Overwrite"
          busy={busy}
          onCancel={close}
          onConfirm={() => save({ overwrite: true })}
        >
          <p>Your version replaces the one saved since you opened it (it stays in the version history).</p>
          {error && <ErrorLine text={error} />}
        </ConfirmModal>
      )}
      {dialog?.kind === 'discard' && (
        <ConfirmModal
          title="Discard unsaved changes?"
          testId="discard-dialog"
          confirmLabel="Discard"
          cancelLabel="Keep editing"
          onCancel={close}
          onConfirm={() => onExit()}
        >
          <p>You have changes that are not saved.</p>
        </ConfirmModal>
      )}
    </div>
  );
}

/** Variables the variables editor marks as needing attention stop a save, with what is wrong said. */
function assertVariablesOk(doc: EditDoc) {
  const list = variablesOf(doc);
  for (const [i, v] of list.entries()) {
    const problems = Object.entries(variableProblems(list, i));
    if (problems.length)
      throw new Error(
        `Variable "${String(v.name ?? i + 1)}": ${problems.map(([k, m]) => `${k}: ${m}`).join('; ')} (Settings → Variables)`,
      );
  }
}

function ErrorLine({ text }: { text: string }) {
  return (
    <p role="alert" data-testid="edit-error" className="text-red-700 dark:text-red-300">
      {text}
    </p>
  );
}

/** Panels on the 24-column grid, dragged by their header and resized by the corner handle, drawn from their current SQL. */
function EditGrid({
  doc,
  saved,
  setDoc,
  context,
  onEditPanel,
}: {
  doc: EditDoc;
  /** The version edit mode opened: panels whose query is unchanged from it draw as viewers see them. */
  saved: EditDoc;
  setDoc: (f: (d: EditDoc) => EditDoc) => void;
  context: EditContext;
  onEditPanel: (id: number) => void;
}) {
  const { width, containerRef, mounted } = useContainerWidth();
  const layout = useMemo(() => toLayout(doc.panels), [doc.panels]);
  const savedQueries = useMemo(() => new Map(saved.panels.map((p) => [p.id, queryOf(p)])), [saved]);
  const commit = useCallback(
    (next: Layout) => setDoc((d) => ({ ...d, panels: applyLayout(d.panels, next) })),
    [setDoc],
  );
  return (
    <div ref={containerRef} data-testid="edit-grid">
      {doc.panels.length === 0 && (
        <p className="py-16 text-center text-sm text-gray-500">This dashboard has no panels.</p>
      )}
      {mounted && (
        <ReactGridLayout
          width={width}
          layout={layout}
          gridConfig={{ cols: GRID_COLS, rowHeight: 30, margin: [8, 8], containerPadding: [0, 0] }}
          dragConfig={{ enabled: true, handle: '.pb-drag-handle', cancel: '.pb-no-drag' }}
          resizeConfig={{ enabled: true, handles: ['se'] }}
          compactor={verticalCompactor}
          onDragStop={(l) => commit(l)}
          onResizeStop={(l) => commit(l)}
        >
          {doc.panels.map((p) =>
            p.type === 'row' ? (
              <div key={String(p.id)} data-testid={`edit-row-${p.id}`}>
                <EditRow
                  row={p}
                  onChange={(next) =>
                    setDoc((d) => ({ ...d, panels: d.panels.map((q) => (q.id === p.id ? next : q)) }))
                  }
                  onDelete={() => setDoc((d) => ({ ...d, panels: deletePanel(d.panels, p.id) }))}
                  onKeyMove={(key) => {
                    const next = nudge(layout, String(p.id), key, false);
                    if (next) commit(next);
                    return !!next;
                  }}
                />
              </div>
            ) : (
              <div
                key={String(p.id)}
                data-testid={`edit-panel-${p.id}`}
                className="flex flex-col overflow-hidden rounded-md [&>.react-resizable-handle]:z-10 border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900"
              >
                <div className="pb-drag-handle flex cursor-move items-center gap-1 border-b border-gray-100 px-2 py-1 dark:border-gray-800">
                  <button
                    type="button"
                    className="rounded px-1 text-gray-400 hover:bg-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:hover:bg-gray-800"
                    aria-label={`Move panel ${p.title || p.id}: arrow keys move, Shift+arrow keys resize`}
                    title="Drag to move; arrow keys move, Shift+arrow keys resize"
                    data-testid="edit-panel-grip"
                    onKeyDown={(e) => {
                      const next = nudge(layout, String(p.id), e.key, e.shiftKey);
                      if (!next) return;
                      e.preventDefault();
                      commit(next);
                    }}
                  >
                    ⠿
                  </button>
                  <span className="truncate text-sm font-medium" data-testid="edit-panel-title">
                    {p.title || 'Untitled'}
                  </span>
                  <span
                    className={`mr-auto truncate text-[10px] text-gray-400 ${p.gridPos.w < 8 ? 'sr-only' : ''}`}
                    data-testid="edit-panel-pos"
                  >
                    {String(p.type ?? 'panel')} · {p.gridPos.w}×{p.gridPos.h} at ({p.gridPos.x}, {p.gridPos.y})
                  </span>
                  <button
                    type="button"
                    className="pb-no-drag rounded px-1 text-xs text-blue-700 hover:bg-blue-50 dark:text-blue-300 dark:hover:bg-blue-950"
                    aria-label={`Edit panel ${p.title || p.id}`}
                    data-testid="edit-panel-open"
                    onPointerEnter={() => void loadPanelEditor()}
                    onClick={() => onEditPanel(p.id)}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="pb-no-drag rounded px-1 text-xs text-gray-500 hover:bg-gray-100 dark:hover:bg-gray-800"
                    aria-label={`Duplicate panel ${p.title || p.id}`}
                    onClick={() => setDoc((d) => ({ ...d, panels: duplicatePanel(d.panels, p.id) }))}
                  >
                    Duplicate
                  </button>
                  <button
                    type="button"
                    className="pb-no-drag rounded px-1 text-xs text-red-600 hover:bg-red-50 dark:hover:bg-red-950"
                    aria-label={`Delete panel ${p.title || p.id}`}
                    onClick={() => setDoc((d) => ({ ...d, panels: deletePanel(d.panels, p.id) }))}
                  >
                    Delete
                  </button>
                </div>
                <div className="pb-no-drag min-h-0 flex-1" onDoubleClick={() => onEditPanel(p.id)}>
                  {savedQueries.get(p.id) === queryOf(p) ? (
                    <SavedGridPanelBody dashboardUid={doc.uid} panel={p} context={context} />
                  ) : (
                    <GridPanelBody dashboardUid={doc.uid} panel={p} context={context} />
                  )}
                </div>
              </div>
            ),
          )}
        </ReactGridLayout>
      )}
    </div>
  );
}

/** A row in edit mode: its title, whether it opens folded, and Delete (its panels stay); dragged by its grip. */
function EditRow({
  row,
  onChange,
  onDelete,
  onKeyMove,
}: {
  row: DraftPanel;
  onChange: (row: DraftPanel) => void;
  onDelete: () => void;
  onKeyMove: (key: string) => boolean;
}) {
  return (
    <div className="pb-drag-handle flex h-full cursor-move items-center gap-2 rounded-md border border-dashed border-gray-300 bg-gray-50 px-2 dark:border-gray-700 dark:bg-gray-900">
      <button
        type="button"
        className="rounded px-1 text-gray-400 hover:bg-gray-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:hover:bg-gray-800"
        aria-label={`Move row ${row.title || row.id}: arrow keys move`}
        title="Drag to move; arrow keys move"
        onKeyDown={(e) => {
          if (onKeyMove(e.key)) e.preventDefault();
        }}
      >
        ⠿
      </button>
      <input
        aria-label="Row title"
        className="pb-no-drag h-7 min-w-0 flex-1 rounded border border-transparent bg-transparent px-1 text-sm font-semibold hover:border-gray-300 focus:border-blue-500 focus:outline-none dark:hover:border-gray-700"
        value={row.title ?? ''}
        maxLength={200}
        onChange={(e) => onChange({ ...row, title: e.target.value })}
      />
      <label className="pb-no-drag flex items-center gap-1 text-xs text-gray-600 dark:text-gray-400">
        <input
          type="checkbox"
          checked={row.collapsed === true}
          onChange={(e) => onChange({ ...row, collapsed: e.target.checked })}
        />
        Folded when the dashboard opens
      </label>
      <button
        type="button"
        className="pb-no-drag rounded px-1 text-xs text-red-600 hover:bg-red-50 dark:hover:bg-red-950"
        aria-label={`Delete row ${row.title || row.id}`}
        title="Delete the row; its panels stay"
        onClick={onDelete}
      >
        Delete row
      </button>
    </div>
  );
}

/** What decides a panel's data: its queries, datasource, type (text panels run none) and interval. */
function queryOf(p: DraftPanel): string {
  return JSON.stringify([p.type, p.targets, p.datasource, p.interval, p.maxDataPoints]);
}

interface GridPanelProps {
  dashboardUid: string;
  panel: DraftPanel;
  context: EditContext;
}

const maxDataPointsOf = (panel: DraftPanel) =>
  typeof panel.maxDataPoints === 'number'
    ? panel.maxDataPoints
    : Math.max(100, Math.round((panel.gridPos.w / 24) * 1600));

/**
 * A panel whose query is the saved one: drawn through the viewers' path (`/api/query`, then the shared live
 * channel), so a live dashboard in edit mode costs the engine what it costs viewers, not a query per panel per
 * second.
 */
function SavedGridPanelBody({ dashboardUid, panel, context }: GridPanelProps) {
  const view = useMemo(() => toPanelViewDraft(panel), [panel]);
  const data = usePanelData({
    dashboardUid,
    panelId: panel.id,
    range: context.range,
    vars: context.vars,
    refresh: context.refresh,
    maxDataPoints: maxDataPointsOf(panel),
    enabled: panel.type !== 'text',
  });
  return <RenderedPanel panel={view} data={{ ...data, live: data.liveConnected }} hideTitle className="h-full" />;
}

/** A panel changed in edit mode: its current targets run through the editors' query endpoint. */
function GridPanelBody({ dashboardUid, panel, context }: GridPanelProps) {
  const targets = useMemo(() => targetsOf(panel), [panel]);
  const view = useMemo(() => toPanelViewDraft(panel), [panel]);
  const data = usePreviewData({
    dashboardUid,
    datasourceUid: (panel.datasource as { uid?: string } | undefined)?.uid,
    targets,
    range: context.range,
    vars: context.vars,
    refresh: context.refresh,
    maxDataPoints: maxDataPointsOf(panel),
    interval: typeof panel.interval === 'string' ? panel.interval : undefined,
    enabled: panel.type !== 'text',
  });
  return <EditPanelView panel={view} data={data} live={context.refresh === 'live'} hideTitle />;
}

/** The whole document as JSON; Apply checks it against the schema and names the bad path. */
function JsonModel({ doc, onApply }: { doc: EditDoc; onApply: (doc: EditDoc) => void }) {
  const [text, setText] = useState(() => JSON.stringify(doc, null, 2));
  const [error, setError] = useState<string | null>(null);
  const [applied, setApplied] = useState(false);
  return (
    <div className="flex flex-1 flex-col gap-2">
      <label htmlFor="json-model" className="text-sm font-medium">
        JSON model
      </label>
      <textarea
        id="json-model"
        data-testid="json-model"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setApplied(false);
        }}
        className="min-h-[60vh] flex-1 rounded border border-gray-300 bg-white p-2 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-950"
      />
      <div className="flex items-center gap-2">
        <button
          type="button"
          className={primaryClass}
          onClick={() => {
            const r = checkModel(text, doc.uid);
            if (r.ok) {
              setError(null);
              setApplied(true);
              onApply(r.doc);
            } else {
              setError(r.error);
              setApplied(false);
            }
          }}
        >
          Apply
        </button>
        {applied && (
          <span role="status" className="text-sm text-gray-500">
            Applied.
          </span>
        )}
        {error && (
          <p role="alert" data-testid="json-error" className="text-sm text-red-700 dark:text-red-300">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
