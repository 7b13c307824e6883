'use client';

import { Suspense, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { ChevronDownIcon, UserIcon } from '@/components/icons';
import { messageOf } from './api';
import { loginHref } from './redirect';
import type { PublicUser, WhoAmI } from './types';
import { useLogout, useWhoAmI } from './use-account';

const chipClass =
  'inline-flex h-8 items-center gap-1.5 rounded border border-gray-300 bg-white px-2.5 text-sm hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600';

const itemClass =
  'flex w-full items-center px-3 py-1.5 text-left text-sm hover:bg-gray-100 focus:bg-gray-100 focus:outline-none disabled:opacity-60 dark:hover:bg-gray-800 dark:focus:bg-gray-800';

/** Every state of the menu sits in one element: `data-testid="user-menu"`, `data-kind` = who (or `loading`). */
function Frame({ kind, children }: { kind: WhoAmI['kind'] | 'loading'; children?: ReactNode }) {
  return (
    <div data-testid="user-menu" data-kind={kind} className="inline-flex h-8 min-w-8 items-center">
      {children}
    </div>
  );
}

function LoginLink({ href }: { href: string }) {
  return (
    <Link href={href} className={chipClass}>
      Log in
    </Link>
  );
}

/** The login link comes back here: the current path and query (read inside Suspense, as Next requires). */
function LoginLinkHere() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  return <LoginLink href={loginHref(search ? `${pathname}?${search}` : pathname)} />;
}

/** The signed-in user's button and its disclosure: role, Profile, Admin (admins), Log out. */
function AccountMenu({ user, anonymousViewing }: { user: PublicUser; anonymousViewing: boolean }) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const logout = useLogout(anonymousViewing);

  // A click or focus outside closes it; Escape closes it and gives focus back to the button.
  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('mousedown', outside);
    document.addEventListener('focusin', outside);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', outside);
      document.removeEventListener('focusin', outside);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const label = user.name || user.login;
  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="user-menu-button"
        title={`Signed in as ${user.login}`}
        onClick={() => setOpen((o) => !o)}
        className={chipClass}
      >
        <UserIcon />
        <span className="sr-only">Account menu for </span>
        <span className="max-w-40 truncate">{label}</span>
        <ChevronDownIcon />
      </button>
      {open && (
        <div
          id={panelId}
          data-testid="user-menu-panel"
          className="absolute right-0 z-40 mt-1 w-56 overflow-hidden rounded-md border border-gray-200 bg-white py-1 text-gray-900 shadow-lg dark:border-gray-800 dark:bg-gray-900 dark:text-gray-100"
        >
          <div className="border-b border-gray-100 px-3 pb-2 pt-1 dark:border-gray-800">
            <p className="truncate text-sm font-medium">{label}</p>
            <p className="truncate text-xs text-gray-500 dark:text-gray-400">{user.login}</p>
            <p className="mt-1 text-xs text-gray-500 dark:text-gray-400">
              Role: <span data-testid="user-menu-role">{user.role}</span>
            </p>
          </div>
          <ul className="py-1">
            <li>
              <Link href="/profile" className={itemClass} onClick={() => setOpen(false)}>
                Profile
              </Link>
            </li>
            {user.role === 'admin' && (
              <li>
                <Link href="/admin" className={itemClass} onClick={() => setOpen(false)}>
                  Admin
                </Link>
              </li>
            )}
            <li>
              <button type="button" disabled={logout.isPending} onClick={() => logout.mutate()} className={itemClass}>
                {logout.isPending ? 'Logging out…' : 'Log out'}
              </button>
            </li>
          </ul>
          {logout.error && (
            <p role="alert" className="px-3 pb-2 text-xs text-red-600 dark:text-red-400">
              {messageOf(logout.error)}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * Who is signed in, for page headers. Anonymous: a "Log in" link back to this page. A user: their name opening
 * a small menu. An API token or the bootstrap token (a browser with an Authorization header): the role only.
 */
export function UserMenu() {
  const { data: me, isPending, isError } = useWhoAmI();
  if (isPending) return <Frame kind="loading" />;
  if (isError || !me || me.kind === 'anonymous') {
    return (
      <Frame kind="anonymous">
        <Suspense fallback={<LoginLink href="/login" />}>
          <LoginLinkHere />
        </Suspense>
      </Frame>
    );
  }
  if (me.kind !== 'user' || !me.user) {
    return (
      <Frame kind={me.kind}>
        <span
          data-testid="user-menu-role"
          title={me.kind === 'bootstrap' ? 'Signed in with PULSEBOARD_ADMIN_TOKEN' : 'Signed in with an API token'}
          className="rounded-full bg-gray-100 px-2 py-0.5 text-xs text-gray-700 dark:bg-gray-800 dark:text-gray-300"
        >
          {me.role ?? 'no role'}
        </span>
      </Frame>
    );
  }
  return (
    <Frame kind="user">
      <AccountMenu user={me.user} anonymousViewing={me.anonymousViewing} />
    </Frame>
  );
}
