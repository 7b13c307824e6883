'use client';

import { Component, useMemo, type ReactNode } from 'react';
import type { DataFrame } from '@/lib/frames/types';
import type { QueryError } from '@/lib/query/protocol';
import { lastTime, lastValues, totalRows } from '@/lib/frames/series';
import { AlertIcon, InfoIcon } from '@/components/icons';
import { ShareButton } from './share-button';
import type { ShareContext } from './share-urls';
import type { PanelStatus } from './use-panel-data';
import type { PanelView } from './view-model';

export interface PanelFrameProps {
  panel: PanelView;
  status: PanelStatus;
  frames: DataFrame[];
  /** Message for the error state. */
  error?: string;
  /** Per-target failures shown as a warning while other targets render. */
  errors?: QueryError[];
  isFetching?: boolean;
  live?: boolean;
  /** Hide the title bar (embeds without title). */
  hideTitle?: boolean;
  /** Dashboard and URL state for the title bar's Share button; no button without it. */
  share?: ShareContext;
  className?: string;
  /** The panel visualization, rendered when `status` is `ready`. */
  children: ReactNode;
}

class RenderBoundary extends Component<{ children: ReactNode }, { error?: string }> {
  state: { error?: string } = {};
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  render() {
    if (this.state.error !== undefined) return <ErrorBody message={`Panel failed to render: ${this.state.error}`} />;
    return this.props.children;
  }
}

function ErrorBody({ message }: { message: string }) {
  return (
    <div
      role="alert"
      className="flex h-full items-start gap-2 overflow-auto p-3 text-sm text-red-600 dark:text-red-400"
    >
      <AlertIcon className="mt-0.5 shrink-0" />
      <p className="whitespace-pre-wrap break-words" data-panel-error>
        {message}
      </p>
    </div>
  );
}

function Loading() {
  return (
    <div role="status" aria-label="Loading" className="flex h-full flex-col gap-2 p-3">
      <div className="h-3 w-1/3 animate-pulse rounded bg-gray-200 dark:bg-gray-800" />
      <div className="flex flex-1 items-center justify-center">
        <span className="size-6 animate-spin rounded-full border-2 border-gray-300 border-t-blue-500 dark:border-gray-700 dark:border-t-blue-400" />
      </div>
    </div>
  );
}

function Description({ text }: { text: string }) {
  return (
    <span className="group relative inline-flex">
      <button
        type="button"
        aria-label="Panel description"
        className="text-gray-400 hover:text-gray-600 focus:outline-none focus-visible:text-gray-700 dark:hover:text-gray-200"
      >
        <InfoIcon width={14} height={14} />
      </button>
      <span
        role="tooltip"
        className="pointer-events-none absolute left-0 top-full z-30 mt-1 hidden w-64 rounded bg-gray-900 px-2 py-1.5 text-xs font-normal text-white shadow-lg group-focus-within:block group-hover:block dark:bg-gray-700"
      >
        {text}
      </span>
    </span>
  );
}

function TitleBar({
  panel,
  errors,
  isFetching,
  live,
  truncated,
  share,
}: Pick<PanelFrameProps, 'panel' | 'errors' | 'isFetching' | 'live' | 'share'> & { truncated: boolean }) {
  return (
    <header className="flex h-8 shrink-0 items-center gap-1.5 px-3">
      <h2 className="truncate text-sm font-medium text-gray-800 dark:text-gray-100" title={panel.title}>
        {panel.title}
      </h2>
      {panel.description && <Description text={panel.description} />}
      {!!errors?.length && (
        <span
          className="text-red-500"
          title={errors.map((e) => `${e.refId}: ${e.message}`).join('\n')}
          aria-label="Query errors"
        >
          <AlertIcon width={14} height={14} />
        </span>
      )}
      {truncated && (
        <span className="text-amber-500" title="Results were cut at the datasource's row limit" data-truncated>
          <AlertIcon width={14} height={14} />
        </span>
      )}
      <span className="ml-auto flex items-center gap-1.5">
        {isFetching && (
          <span
            className="size-3 animate-spin rounded-full border-2 border-gray-300 border-t-blue-500"
            aria-hidden="true"
          />
        )}
        {live && (
          <span
            className="size-2 rounded-full bg-green-500 shadow-[0_0_0_3px_rgba(34,197,94,0.25)]"
            title="Live"
            aria-hidden="true"
          />
        )}
        {share && <ShareButton panel={panel} context={share} />}
      </span>
    </header>
  );
}

/**
 * A panel's chrome: title bar and a body that shows loading, error, "No data" or the visualization. The container
 * carries `data-panel-id`, `data-panel-type`, `data-state`, `data-rows`, `data-last-time` (newest time value) and
 * `data-value` (last value of the first series) for tests.
 */
export function PanelFrame({
  panel,
  status,
  frames,
  error,
  errors,
  isFetching,
  live,
  hideTitle,
  share,
  className,
  children,
}: PanelFrameProps) {
  const { newest, first, rows, truncated } = useMemo(
    () => ({
      newest: lastTime(frames),
      first: lastValues(frames)[0]?.value ?? undefined,
      rows: totalRows(frames),
      truncated: frames.some((f) => f.truncated),
    }),
    [frames],
  );
  return (
    // No accessible name on the container: a panel titled "Temperature per sensor" must not match getByLabel('Sensor').
    <section
      data-panel-id={panel.id}
      data-panel-type={panel.type}
      data-state={status}
      data-rows={rows}
      data-last-time={newest}
      data-value={first}
      className={`flex min-h-0 min-w-0 flex-col overflow-hidden rounded-md border border-gray-200 bg-white shadow-sm dark:border-gray-800 dark:bg-gray-900 ${className ?? ''}`}
    >
      {!hideTitle && (
        <TitleBar
          panel={panel}
          errors={status === 'ready' ? errors : undefined}
          isFetching={isFetching && status !== 'loading'}
          live={live}
          truncated={status === 'ready' && truncated}
          share={share}
        />
      )}
      <div className="relative min-h-0 flex-1 px-2 pb-2">
        {status === 'loading' && <Loading />}
        {status === 'error' && <ErrorBody message={error ?? 'Query failed'} />}
        {status === 'nodata' && (
          <div className="flex h-full items-center justify-center text-sm text-gray-500 dark:text-gray-400">
            No data
          </div>
        )}
        {status === 'ready' && <RenderBoundary>{children}</RenderBoundary>}
      </div>
    </section>
  );
}
