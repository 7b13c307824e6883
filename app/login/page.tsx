import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Brand } from '@/components/account/brand';
import { LoginForm } from '@/components/account/login-form';
import { ThemeToggle } from '@/components/dashboard/theme-toggle';

export const metadata: Metadata = { title: 'Log in' };

/** The login page: static, the form runs in the browser (it reads `?next=` there). */
export default function LoginPage() {
  return (
    <div className="relative flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="absolute right-4 top-3">
        <ThemeToggle />
      </div>
      <main className="flex w-full max-w-sm flex-col gap-6">
        <div className="flex justify-center">
          <Brand />
        </div>
        <Suspense
          fallback={
            <div
              aria-busy="true"
              className="h-72 rounded-md border border-gray-200 bg-white shadow-sm dark:border-gray-800 dark:bg-gray-900"
            />
          }
        >
          <LoginForm />
        </Suspense>
      </main>
    </div>
  );
}
