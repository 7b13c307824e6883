'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { CloseIcon } from '@/components/icons';
import { messageOf } from '@/components/account/api';
import { deleteDashboard, listVersions, restoreVersion } from './api';
import { applySettings, settingsOf, type EditDoc, type SettingsForm } from './model';
import { buttonClass, ConfirmModal, dangerClass, inputClass } from './modal';
import { VariablesEditor } from './variables-editor';

interface SettingsDrawerProps {
  doc: EditDoc;
  setDoc: (f: (d: EditDoc) => EditDoc) => void;
  provisioned: boolean;
  onClose: () => void;
  /** Leave the page on purpose (past the unsaved-changes guard): a URL, or null to reload. */
  go: (url: string | null) => void;
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      {children}
    </label>
  );
}

const TABS = [
  { id: 'general', label: 'General' },
  { id: 'variables', label: 'Variables' },
] as const;

/**
 * Dashboard settings in two tabs: General (title, description, tags, time range, refresh, public, versions,
 * delete) and Variables (the variables editor).
 */
export function SettingsDrawer({ doc, setDoc, provisioned, onClose, go }: SettingsDrawerProps) {
  const titleId = useId();
  const tabsId = useId();
  const [tab, setTab] = useState<(typeof TABS)[number]['id']>('general');
  const form = settingsOf(doc);
  const set = (patch: Partial<SettingsForm>) => setDoc((d) => applySettings(d, { ...settingsOf(d), ...patch }));
  const [confirm, setConfirm] = useState<{ kind: 'restore'; version: number } | { kind: 'delete' } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Focus moves into the drawer when it opens (to its first field).
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => titleInput.current?.focus(), []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !confirm) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, confirm]);

  async function act(task: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await task();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <aside
      role="dialog"
      aria-labelledby={titleId}
      data-testid="settings-drawer"
      className={`fixed inset-y-0 right-0 z-40 flex w-full ${tab === 'variables' ? 'max-w-2xl' : 'max-w-md'} flex-col gap-4 overflow-y-auto border-l border-gray-200 bg-white p-4 shadow-xl dark:border-gray-800 dark:bg-gray-900`}
    >
      <div className="flex items-center">
        <h2 id={titleId} className="mr-auto text-base font-semibold">
          Dashboard settings
        </h2>
        <button
          type="button"
          aria-label="Close settings"
          onClick={onClose}
          className="inline-flex size-8 items-center justify-center rounded text-gray-500 hover:bg-gray-100 dark:hover:bg-gray-800"
        >
          <CloseIcon />
        </button>
      </div>
      <div
        role="tablist"
        aria-label="Settings sections"
        className="flex gap-1 border-b border-gray-200 dark:border-gray-800"
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${tabsId}-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`${tabsId}-${t.id}-panel`}
            onClick={() => setTab(t.id)}
            className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${tab === t.id ? 'border-blue-600 font-medium text-blue-700 dark:text-blue-300' : 'border-transparent text-gray-600 hover:text-gray-900 dark:text-gray-400'}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${tabsId}-${tab}-panel`}
        aria-labelledby={`${tabsId}-${tab}`}
        className="flex flex-col gap-4"
      >
        {tab === 'variables' ? (
          <VariablesEditor doc={doc} setDoc={setDoc} />
        ) : (
          <>
            <Field label="Title">
              <input
                ref={titleInput}
                className={inputClass}
                value={form.title}
                onChange={(e) => set({ title: e.target.value })}
              />
            </Field>
            <Field label="Description">
              <textarea
                className={`${inputClass} h-16 py-1`}
                value={form.description}
                onChange={(e) => set({ description: e.target.value })}
              />
            </Field>
            <Field label="Tags (comma-separated)">
              <input className={inputClass} value={form.tags} onChange={(e) => set({ tags: e.target.value })} />
            </Field>
            <div className="grid grid-cols-2 gap-2">
              <Field label="Default time from">
                <input className={inputClass} value={form.from} onChange={(e) => set({ from: e.target.value })} />
              </Field>
              <Field label="Default time to">
                <input className={inputClass} value={form.to} onChange={(e) => set({ to: e.target.value })} />
              </Field>
            </div>
            <Field label="Refresh (live, 5s, 1m… or empty for off)">
              <input className={inputClass} value={form.refresh} onChange={(e) => set({ refresh: e.target.value })} />
            </Field>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={form.public} onChange={(e) => set({ public: e.target.checked })} />
              Public: panels may be embedded without signing in
            </label>

            {!provisioned && (
              <Versions uid={doc.uid} onRestore={(version) => setConfirm({ kind: 'restore', version })} />
            )}

            {!provisioned && (
              <section className="flex flex-col gap-2 border-t border-gray-200 pt-3 dark:border-gray-800">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-gray-500">Danger zone</h3>
                <div>
                  <button type="button" className={dangerClass} onClick={() => setConfirm({ kind: 'delete' })}>
                    Delete dashboard…
                  </button>
                </div>
              </section>
            )}
          </>
        )}
      </div>
      {error && !confirm && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      )}

      {confirm?.kind === 'restore' && (
        <ConfirmModal
          title={`Restore version ${confirm.version}?`}
          testId="restore-dialog"
          confirmLabel="Restore"
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            act(async () => {
              await restoreVersion(doc.uid, confirm.version);
              go(null);
            })
          }
        >
          <p>
            Version {confirm.version} becomes a new version; nothing in the history is lost. Unsaved changes here are
            discarded.
          </p>
          {error && <p role="alert">{error}</p>}
        </ConfirmModal>
      )}
      {confirm?.kind === 'delete' && (
        <ConfirmModal
          title="Delete this dashboard?"
          testId="delete-dialog"
          confirmLabel="Delete"
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() =>
            act(async () => {
              await deleteDashboard(doc.uid);
              go('/');
            })
          }
        >
          <p>“{doc.title}” and all its versions are deleted.</p>
          {error && <p role="alert">{error}</p>}
        </ConfirmModal>
      )}
    </aside>
  );
}

function Versions({ uid, onRestore }: { uid: string; onRestore: (version: number) => void }) {
  const versions = useQuery({ queryKey: ['dashboard-versions', uid], queryFn: () => listVersions(uid), gcTime: 0 });
  return (
    <section className="flex flex-col gap-2 border-t border-gray-200 pt-3 dark:border-gray-800">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-gray-500">Versions</h3>
      {versions.isPending && <p className="text-sm text-gray-500">Loading…</p>}
      {versions.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {messageOf(versions.error)}
        </p>
      )}
      {versions.data && (
        <ul className="flex flex-col divide-y divide-gray-100 text-sm dark:divide-gray-800" data-testid="versions">
          {versions.data.map((v, i) => (
            <li key={v.version} className="flex items-center gap-2 py-1" data-testid={`version-${v.version}`}>
              <div className="mr-auto min-w-0">
                <div>
                  <span className="font-medium">v{v.version}</span> · {v.author ?? 'unknown'} ·{' '}
                  <time dateTime={new Date(v.createdAt).toISOString()}>{new Date(v.createdAt).toLocaleString()}</time>
                </div>
                {v.message && <div className="truncate text-gray-500">{v.message}</div>}
              </div>
              {i === 0 ? (
                <span className="text-xs text-gray-500">current</span>
              ) : (
                <button
                  type="button"
                  className={buttonClass}
                  aria-label={`Restore version ${v.version}`}
                  onClick={() => onRestore(v.version)}
                >
                  Restore
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
