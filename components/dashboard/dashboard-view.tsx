'use client';

import { Suspense, useState, type ReactNode } from 'react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useQueryClient } from '@tanstack/react-query';
import { ChevronLeftIcon, ReloadIcon } from '@/components/icons';
import { UserMenu } from '@/components/account/user-menu';
import { DashboardGrid } from './dashboard-grid';
import { DashboardPanel } from './dashboard-panel';
import { RefreshPicker } from './refresh-picker';
import { ThemeToggle } from './theme-toggle';
import { TimeRangePicker } from './time-range-picker';
import { useDashboardState } from './use-dashboard-state';
import { useResolvedVariables } from './use-variable-options';
import { VariablesBar } from './variables-bar';
import { useLiveEnded } from '@/components/live/use-live-channel';
import type { DashboardView as DashboardModel } from './view-model';
import { EditButton, EditMode, type EditInfo } from './edit-button';

export interface DashboardViewProps {
  /** The dashboard without SQL (see `toDashboardView`). */
  dashboard: DashboardModel;
  /** What edit mode needs to know up front (the dashboard page only): its version, and the file it came from. */
  edit?: EditInfo;
}

function Toolbar({ title, children }: { title: string; children: ReactNode }) {
  return (
    <header className="sticky top-0 z-30 border-b border-gray-200 bg-white/95 backdrop-blur dark:border-gray-800 dark:bg-gray-900/95">
      <div className="flex flex-wrap items-center gap-2 px-4 py-2">
        <Link
          href="/"
          aria-label="All dashboards"
          className="inline-flex size-8 items-center justify-center rounded text-gray-500 hover:bg-gray-100 hover:text-gray-800 dark:hover:bg-gray-800 dark:hover:text-gray-100"
        >
          <ChevronLeftIcon />
        </Link>
        <h1 className="mr-auto truncate text-lg font-semibold">{title}</h1>
        {children}
      </div>
    </header>
  );
}

/** Says, above the panels, that the server ended live updates (the panels keep their last data), with a way back. */
function LiveEndedBanner() {
  const reason = useLiveEnded();
  if (!reason) return null;
  const next = typeof window === 'undefined' ? '/' : window.location.pathname + window.location.search;
  return (
    <div
      role="status"
      data-testid="live-ended"
      className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <span className="mr-auto">{reason}. Live updates have stopped; the panels show their last data.</span>
      <a
        href={`/login?next=${encodeURIComponent(next)}`}
        className="rounded bg-amber-600 px-2 py-1 font-medium text-white hover:bg-amber-700"
      >
        Log in
      </a>
    </div>
  );
}

function ReloadButton() {
  const queryClient = useQueryClient();
  return (
    <button
      type="button"
      aria-label="Reload"
      title="Reload all panels"
      onClick={() => queryClient.invalidateQueries({ queryKey: ['panel-data'] })}
      className="inline-flex size-8 items-center justify-center rounded border border-gray-300 bg-white hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600"
    >
      <ReloadIcon />
    </button>
  );
}

function DashboardBody({ dashboard, edit }: DashboardViewProps) {
  const state = useDashboardState(dashboard);
  const variables = useResolvedVariables(dashboard.uid, dashboard.variables, state.vars, state.range);
  // `?editview=dashboard` (Grafana's parameter) opens edit mode at once, as after "New dashboard".
  const params = useSearchParams();
  // Rows a viewer folded or unfolded here; they start as the dashboard saved them.
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(
    () => new Set(dashboard.panels.filter((p) => p.type === 'row' && p.collapsed).map((p) => p.id)),
  );
  const toggleRow = (id: number) =>
    setCollapsed((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const [editing, setEditing] = useState(() => !!edit && params.get('editview') === 'dashboard');
  const [saved, setSaved] = useState<number | null>(null);
  const router = useRouter();
  if (editing)
    return (
      <EditMode
        uid={dashboard.uid}
        context={{ range: state.range, vars: variables.vars, refresh: state.refresh }}
        onExit={(version) => {
          setEditing(false);
          if (params.has('editview')) {
            const url = new URL(window.location.href);
            url.searchParams.delete('editview');
            window.history.replaceState(null, '', url);
          }
          if (version !== undefined) {
            setSaved(version);
            router.refresh();
          }
        }}
      />
    );
  return (
    <div className="flex min-h-screen flex-col">
      <Toolbar title={dashboard.title}>
        <TimeRangePicker range={state.range} onChange={state.setRange} />
        <RefreshPicker value={state.refresh} onChange={state.setRefresh} />
        <ReloadButton />
        {edit && <EditButton info={edit} onEdit={() => setEditing(true)} />}
        <ThemeToggle />
        <UserMenu />
      </Toolbar>
      <main className="flex flex-1 flex-col gap-3 p-3 md:p-4">
        <LiveEndedBanner />
        {saved !== null && (
          <p
            role="status"
            data-testid="saved-version"
            className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900 dark:border-green-800 dark:bg-green-950 dark:text-green-100"
          >
            Saved as version {saved}.
          </p>
        )}
        <VariablesBar
          variables={dashboard.variables}
          values={variables.values}
          options={variables.options}
          onChange={state.setVariable}
        />
        {dashboard.panels.length === 0 ? (
          <p className="py-16 text-center text-sm text-gray-500">This dashboard has no panels.</p>
        ) : (
          <DashboardGrid
            panels={dashboard.panels}
            collapsed={collapsed}
            onToggleRow={toggleRow}
            renderPanel={(panel, className) => (
              <DashboardPanel
                dashboardUid={dashboard.uid}
                panel={panel}
                range={state.range}
                vars={variables.vars}
                refresh={state.refresh}
                enabled={variables.ready}
                className={className}
              />
            )}
          />
        )}
      </main>
    </div>
  );
}

/** Skeleton shown while the URL-driven part of the dashboard mounts. */
export function DashboardSkeleton({ title }: { title?: string }) {
  return (
    <div className="flex min-h-screen flex-col" aria-busy="true">
      <div className="flex h-[49px] items-center border-b border-gray-200 bg-white px-4 dark:border-gray-800 dark:bg-gray-900">
        {title ? (
          <h1 className="text-lg font-semibold">{title}</h1>
        ) : (
          <div className="h-5 w-48 animate-pulse rounded bg-gray-200 dark:bg-gray-800" />
        )}
      </div>
      <div className="grid grid-cols-1 gap-2 p-4 md:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <div
            key={i}
            className="h-64 animate-pulse rounded-md border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900"
          />
        ))}
      </div>
    </div>
  );
}

/** A dashboard: toolbar (range, refresh, theme), variables, and the panel grid; state lives in the URL. */
export function DashboardView({ dashboard, edit }: DashboardViewProps) {
  return (
    <Suspense fallback={<DashboardSkeleton title={dashboard.title} />}>
      <DashboardBody dashboard={dashboard} edit={edit} />
    </Suspense>
  );
}
