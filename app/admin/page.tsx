import type { Metadata } from 'next';
import { AccountHeader } from '@/components/account/account-header';
import { AdminConsole } from '@/components/account/admin-console';

export const metadata: Metadata = { title: 'Admin' };

/** Users, API tokens and the audit log: the server's gate lets only admins reach it; data loads in the browser. */
export default function AdminPage() {
  return (
    <div className="min-h-screen">
      <AccountHeader />
      <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6">
        <h1 className="text-xl font-semibold">Admin</h1>
        <AdminConsole />
      </main>
    </div>
  );
}
