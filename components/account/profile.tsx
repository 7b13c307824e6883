'use client';

import type { ReactNode } from 'react';
import Link from 'next/link';
import { ChangePasswordForm } from './change-password-form';
import { formatTime } from './format';
import type { PublicUser } from './types';
import { Badge, Notice, QueryStatus, cardClass } from './ui';
import { useWhoAmI } from './use-account';

function Details({ user }: { user: PublicUser }) {
  const rows: [string, string, ReactNode][] = [
    ['Login', 'profile-login', user.login],
    ['Name', 'profile-name', user.name],
    [
      'Role',
      'profile-role',
      <Badge key="role" tone="blue">
        {user.role}
      </Badge>,
    ],
    ['Last login', 'profile-last-login', formatTime(user.lastLoginAt)],
  ];
  return (
    <section aria-label="Account" className={cardClass}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        {rows.map(([term, testId, value]) => (
          <div key={term} className="contents">
            <dt className="text-gray-500 dark:text-gray-400">{term}</dt>
            <dd data-testid={testId} className="min-w-0 break-words">
              {value}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** My account: who I am and a form to change my password. Only for users signed in with a session. */
export function Profile() {
  const whoami = useWhoAmI();
  const me = whoami.data;
  if (!me)
    return <QueryStatus what="your account" isPending={whoami.isPending} error={whoami.error} retry={whoami.refetch} />;
  if (me.kind !== 'user' || !me.user) {
    return (
      <Notice kind="error">
        The profile belongs to a signed-in user.{' '}
        <Link href="/login?next=%2Fprofile" className="font-medium underline">
          Log in
        </Link>
      </Notice>
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <Details user={me.user} />
      <ChangePasswordForm />
    </div>
  );
}
