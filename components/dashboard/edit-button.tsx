'use client';

import { lazy, Suspense } from 'react';
import { useWhoAmI } from '@/components/account/use-account';
import type { VarValues } from '@/lib/query/protocol';

// Edit mode (grid layout, dialogs, the schema) is its own chunk, fetched on the first click (or hover) on Edit: viewers
// never download it, and the dashboard page carries only this button.
const loadEditor = () => import('@/components/dashboard-edit/editor');
const DashboardEditor = lazy(() => loadEditor().then((m) => ({ default: m.DashboardEditor })));

/** Edit mode in place of the dashboard (only ever rendered in the browser, after a click). */
export function EditMode(props: {
  uid: string;
  context: { range: { from: string; to: string }; vars: VarValues; refresh: string };
  onExit: (saved?: number) => void;
}) {
  return (
    <Suspense
      fallback={
        <p className="p-6 text-sm text-gray-500" role="status">
          Loading the editor…
        </p>
      }
    >
      <DashboardEditor {...props} />
    </Suspense>
  );
}

/** What the dashboard page knows of the stored dashboard: its version and, when provisioned, the file's name. */
export interface EditInfo {
  version: number | null;
  provisionedFile: string | null;
}

/** "Edit" for editors and admins; a provisioned dashboard is read-only here, so it offers "Save as copy…". */
export function EditButton({ info, onEdit }: { info: EditInfo; onEdit: () => void }) {
  const who = useWhoAmI();
  const role = who.data?.role;
  if (role !== 'editor' && role !== 'admin') return null;
  const provisioned = info.provisionedFile !== null;
  return (
    <button
      type="button"
      data-testid="edit-dashboard"
      title={provisioned ? `Provisioned from ${info.provisionedFile}: read-only here` : 'Edit this dashboard'}
      onClick={onEdit}
      onPointerEnter={() => void loadEditor()}
      className="inline-flex h-8 items-center rounded border border-gray-300 bg-white px-3 text-sm hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600"
    >
      {provisioned ? 'Save as copy…' : 'Edit'}
    </button>
  );
}
