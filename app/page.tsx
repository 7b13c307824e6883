import Link from 'next/link';
import { connection } from 'next/server';
import type { DashboardSummary } from '@/lib/dashboards/schema';
import { getRuntime } from '@/lib/runtime-access';
import { GridIcon } from '@/components/icons';
import { ThemeToggle } from '@/components/dashboard/theme-toggle';
import { UserMenu } from '@/components/account/user-menu';
import { HomeActions } from '@/components/dashboard/home-actions';

function DashboardCard({ d }: { d: DashboardSummary }) {
  return (
    <li>
      <Link
        href={`/d/${encodeURIComponent(d.uid)}`}
        data-dashboard-uid={d.uid}
        className="flex h-full flex-col gap-2 rounded-md border border-gray-200 bg-white p-4 shadow-sm transition hover:border-blue-400 hover:shadow focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-800 dark:bg-gray-900 dark:hover:border-blue-500"
      >
        <div className="flex items-start justify-between gap-3">
          <h2 className="font-semibold text-gray-900 dark:text-gray-100">{d.title}</h2>
          <span className="shrink-0 text-xs text-gray-500 dark:text-gray-400">
            {d.panelCount} {d.panelCount === 1 ? 'panel' : 'panels'}
          </span>
        </div>
        {d.description && <p className="text-sm text-gray-600 dark:text-gray-400">{d.description}</p>}
        {d.tags.length > 0 && (
          <ul className="mt-auto flex flex-wrap gap-1.5 pt-1" aria-label="Tags">
            {d.tags.map((tag) => (
              <li
                key={tag}
                className="rounded-full bg-blue-50 px-2 py-0.5 text-xs text-blue-700 dark:bg-blue-950 dark:text-blue-300"
              >
                {tag}
              </li>
            ))}
          </ul>
        )}
      </Link>
    </li>
  );
}

/** Dashboard list. Dynamic: the runtime exists only when the custom server runs, never during `next build`. */
export default async function HomePage() {
  await connection();
  const dashboards = [...(await getRuntime().dashboards.list())].sort((a, b) => a.title.localeCompare(b.title));
  return (
    <div className="min-h-screen">
      <header className="border-b border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-900">
        <div className="mx-auto flex max-w-6xl items-center gap-2 px-4 py-3">
          <GridIcon className="text-blue-600 dark:text-blue-400" width={20} height={20} />
          <span className="text-lg font-semibold">Pulseboard</span>
          <div className="ml-auto flex items-center gap-2">
            <ThemeToggle />
            <UserMenu />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6">
        <div className="mb-4 flex flex-wrap items-center gap-2">
          <h1 className="mr-auto text-xl font-semibold">Dashboards</h1>
          <HomeActions />
        </div>
        {dashboards.length === 0 ? (
          <p className="text-sm text-gray-500">No dashboards yet. Add JSON files to provisioning/dashboards/.</p>
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {dashboards.map((d) => (
              <DashboardCard key={d.uid} d={d} />
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
