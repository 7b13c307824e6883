'use client';

import { messageOf } from './api';
import { formatDetail, formatTime } from './format';
import { QueryStatus, Table, cellClass, secondaryButtonClass } from './ui';
import { useAudit } from './use-admin';

/** The audit log, newest first; "Load more" asks for the events before the last one shown. */
export function AuditTab() {
  const audit = useAudit();
  const events = audit.data?.pages.flat() ?? [];

  return (
    <div className="flex flex-col gap-4">
      <div className="flex items-center gap-2">
        <p className="mr-auto text-sm text-gray-500 dark:text-gray-400">Security events, newest first.</p>
        <button
          type="button"
          disabled={audit.isFetching}
          onClick={() => void audit.refetch()}
          className={secondaryButtonClass}
        >
          Refresh
        </button>
      </div>
      <QueryStatus
        what="the audit log"
        isPending={audit.isPending}
        error={audit.isFetchNextPageError ? null : audit.error}
        retry={() => void audit.refetch()}
        testId="audit-status"
      />
      {audit.data &&
        (events.length === 0 ? (
          <p className="text-sm text-gray-500 dark:text-gray-400">No events yet.</p>
        ) : (
          <Table label="Audit log" head={['Time', 'Type', 'Actor', 'Subject', 'IP', 'Detail']}>
            {events.map((e) => (
              <tr key={e.id} data-testid="audit-row" data-event-id={e.id} data-type={e.type}>
                <td className={`${cellClass} whitespace-nowrap`}>{formatTime(e.at, '')}</td>
                <td className={`${cellClass} whitespace-nowrap font-mono text-xs`}>{e.type}</td>
                <td className={cellClass}>{e.actor ?? ''}</td>
                <td className={cellClass}>{e.subject ?? ''}</td>
                <td className={`${cellClass} whitespace-nowrap font-mono text-xs`}>{e.ip ?? ''}</td>
                <td className={`${cellClass} max-w-md break-all font-mono text-xs text-gray-600 dark:text-gray-400`}>
                  {formatDetail(e.detail)}
                </td>
              </tr>
            ))}
          </Table>
        ))}
      {audit.isFetchNextPageError && (
        <div
          role="alert"
          className="flex items-center gap-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
        >
          <span className="mr-auto">Could not load more events: {messageOf(audit.error)}</span>
          <button type="button" onClick={() => void audit.fetchNextPage()} className={secondaryButtonClass}>
            Retry
          </button>
        </div>
      )}
      {audit.hasNextPage && !audit.isFetchNextPageError && (
        <div className="flex justify-center">
          <button
            type="button"
            disabled={audit.isFetchingNextPage}
            onClick={() => void audit.fetchNextPage()}
            className={secondaryButtonClass}
          >
            {audit.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </div>
  );
}
