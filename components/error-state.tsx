'use client';

import Link from 'next/link';

/** Full-page error with retry, used by the route error boundaries. */
export function ErrorState({ title, error, retry }: { title: string; error: unknown; retry: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <main className="mx-auto flex max-w-xl flex-col items-start gap-3 px-4 py-16">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p role="alert" className="whitespace-pre-wrap text-sm text-red-600 dark:text-red-400">
        {message}
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded bg-blue-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-700"
        >
          Try again
        </button>
        <Link
          href="/"
          className="rounded border border-gray-300 px-3 py-1.5 text-sm hover:bg-gray-100 dark:border-gray-700 dark:hover:bg-gray-800"
        >
          All dashboards
        </Link>
      </div>
    </main>
  );
}
