import type { Metadata } from 'next';
import { AccountHeader } from '@/components/account/account-header';
import { ImportForm } from '@/components/dashboard-import/import-form';

export const metadata: Metadata = { title: 'Import dashboard' };

/** Import a Grafana (or Pulseboard) dashboard JSON: editors only (the gate), the work happens in the browser. */
export default function ImportPage() {
  return (
    <div className="min-h-screen">
      <AccountHeader />
      <main className="mx-auto flex max-w-3xl flex-col gap-4 px-4 py-6">
        <h1 className="text-xl font-semibold">Import dashboard</h1>
        <ImportForm />
      </main>
    </div>
  );
}
