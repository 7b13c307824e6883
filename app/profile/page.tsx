import type { Metadata } from 'next';
import { AccountHeader } from '@/components/account/account-header';
import { Profile } from '@/components/account/profile';

export const metadata: Metadata = { title: 'Profile' };

/** My account: the server's gate lets only signed-in users reach it; the page loads its data in the browser. */
export default function ProfilePage() {
  return (
    <div className="min-h-screen">
      <AccountHeader />
      <main className="mx-auto flex max-w-xl flex-col gap-4 px-4 py-6">
        <h1 className="text-xl font-semibold">Profile</h1>
        <Profile />
      </main>
    </div>
  );
}
