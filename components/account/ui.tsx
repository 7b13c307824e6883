import type { ReactNode } from 'react';
import { messageOf } from './api';

/** Shared look of the account pages, in the palette of the dashboard toolbar and share dialog. */
export const inputClass =
  'h-9 w-full min-w-0 rounded border border-gray-300 bg-white px-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:opacity-60 dark:border-gray-700 dark:bg-gray-950';

export const primaryButtonClass =
  'inline-flex h-9 items-center justify-center rounded bg-blue-600 px-3 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-60 dark:focus-visible:ring-offset-gray-900';

export const secondaryButtonClass =
  'inline-flex h-8 items-center justify-center rounded border border-gray-300 bg-white px-2.5 text-sm hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 disabled:cursor-not-allowed disabled:opacity-60 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600';

export const dangerButtonClass =
  'inline-flex h-8 items-center justify-center rounded border border-red-300 bg-white px-2.5 text-sm text-red-700 hover:border-red-400 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:cursor-not-allowed disabled:opacity-60 dark:border-red-900 dark:bg-gray-900 dark:text-red-400 dark:hover:bg-red-950';

export const cardClass =
  'rounded-md border border-gray-200 bg-white p-4 shadow-sm dark:border-gray-800 dark:bg-gray-900';

/** A form field: the label above its control. */
export function Field({ label, htmlFor, children }: { label: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1">
      <label htmlFor={htmlFor} className="text-xs font-medium text-gray-600 dark:text-gray-300">
        {label}
      </label>
      {children}
    </div>
  );
}

/** An error (role="alert") or a success note (role="status"). */
export function Notice({
  kind,
  children,
  testId,
}: {
  kind: 'error' | 'success';
  children: ReactNode;
  testId?: string;
}) {
  const error = kind === 'error';
  return (
    <div
      role={error ? 'alert' : 'status'}
      data-testid={testId}
      className={
        error
          ? 'whitespace-pre-wrap rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300'
          : 'rounded border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800 dark:border-green-900 dark:bg-green-950 dark:text-green-300'
      }
    >
      {children}
    </div>
  );
}

/** A list that is loading or failed: a status line, or the error with a Retry button. */
export function QueryStatus({
  what,
  isPending,
  error,
  retry,
  testId,
}: {
  what: string;
  isPending: boolean;
  error: unknown;
  retry: () => void;
  testId?: string;
}) {
  if (error) {
    return (
      <div
        role="alert"
        data-testid={testId}
        className="flex flex-wrap items-center gap-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700 dark:border-red-900 dark:bg-red-950 dark:text-red-300"
      >
        <span className="mr-auto whitespace-pre-wrap">
          Could not load {what}: {messageOf(error)}
        </span>
        <button type="button" onClick={retry} className={secondaryButtonClass}>
          Retry
        </button>
      </div>
    );
  }
  if (isPending) {
    return (
      <p role="status" data-testid={testId} className="py-6 text-center text-sm text-gray-500 dark:text-gray-400">
        Loading {what}…
      </p>
    );
  }
  return null;
}

/** A table in a bordered, horizontally scrolling box. */
export function Table({ label, head, children }: { label: string; head: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-md border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
      <table aria-label={label} className="w-full text-left text-sm">
        <thead className="border-b border-gray-200 bg-gray-50 text-xs uppercase tracking-wide text-gray-500 dark:border-gray-800 dark:bg-gray-950 dark:text-gray-400">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-gray-100 dark:divide-gray-800">{children}</tbody>
      </table>
    </div>
  );
}

export const cellClass = 'px-3 py-2 align-middle';

/** A role or status pill. */
export function Badge({ tone, children }: { tone: 'blue' | 'gray' | 'red' | 'green' | 'amber'; children: ReactNode }) {
  const tones = {
    blue: 'bg-blue-50 text-blue-700 dark:bg-blue-950 dark:text-blue-300',
    gray: 'bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-300',
    red: 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-300',
    green: 'bg-green-50 text-green-700 dark:bg-green-950 dark:text-green-300',
    amber: 'bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  };
  return <span className={`inline-block rounded-full px-2 py-0.5 text-xs ${tones[tone]}`}>{children}</span>;
}
