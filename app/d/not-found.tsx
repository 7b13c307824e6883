import Link from 'next/link';

export default function DashboardNotFound() {
  return (
    <main className="mx-auto flex max-w-xl flex-col items-start gap-3 px-4 py-16">
      <h1 className="text-xl font-semibold">Dashboard not found</h1>
      <p className="text-sm text-gray-600 dark:text-gray-400">
        No dashboard has this uid. It may have been renamed or deleted.
      </p>
      <Link
        href="/"
        className="rounded border border-gray-300 px-3 py-1.5 text-sm hover:bg-gray-100 dark:border-gray-700 dark:hover:bg-gray-800"
      >
        All dashboards
      </Link>
    </main>
  );
}
