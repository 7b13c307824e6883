'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useWhoAmI } from '@/components/account/use-account';
import { apiFetch, messageOf } from '@/components/account/api';
import { buttonClass } from '@/components/ui-classes';

/** "New dashboard" and "Import" on the dashboard list, for editors and admins. */
export function HomeActions() {
  const who = useWhoAmI();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = who.data?.role;
  if (role !== 'editor' && role !== 'admin') return null;
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await apiFetch<{ uid: string; url: string }>('/api/dashboards', 'POST', {
        dashboard: { title: 'New dashboard', panels: [] },
        message: 'Created',
      });
      // Straight into edit mode of the new, empty dashboard.
      router.push(`${saved.url}?editview=dashboard`);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };
  return (
    <div className="flex items-center gap-2">
      {error && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
      <button type="button" className={buttonClass} disabled={busy} onClick={create} data-testid="new-dashboard">
        New dashboard
      </button>
      <Link href="/dashboard/import" className={buttonClass} data-testid="import-dashboard">
        Import
      </Link>
    </div>
  );
}
