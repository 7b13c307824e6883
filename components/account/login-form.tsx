'use client';

import { useId, useState } from 'react';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { apiFetch, messageOf } from './api';
import { safeNextPath } from './redirect';
import type { PublicUser } from './types';
import { Field, Notice, cardClass, inputClass, primaryButtonClass, secondaryButtonClass } from './ui';
import { useLogout, useWhoAmI } from './use-account';

interface LoginAnswer {
  user: PublicUser;
  expiresAt: number;
}

function SignedIn({ user, anonymousViewing }: { user: PublicUser; anonymousViewing: boolean }) {
  const logout = useLogout(anonymousViewing);
  return (
    <div className={`${cardClass} flex flex-col gap-4`} data-testid="login-signed-in">
      <p className="text-sm">
        You are logged in as <strong>{user.name || user.login}</strong>
        {user.name && user.name !== user.login ? ` (${user.login})` : ''}.
      </p>
      <div className="flex flex-wrap gap-2">
        <Link href="/" className={primaryButtonClass}>
          Go to dashboards
        </Link>
        <button
          type="button"
          className={`${secondaryButtonClass} h-9`}
          disabled={logout.isPending}
          onClick={() => logout.mutate()}
        >
          Log out
        </button>
      </div>
      {logout.error && <Notice kind="error">{messageOf(logout.error)}</Notice>}
    </div>
  );
}

/**
 * The login form. On success the browser loads `next` (a path of this site only, else `/`) in full, so that every
 * page and cached answer is fetched again with the new session. The server's refusal (wrong password, disabled,
 * locked until when) is shown as it comes.
 */
export function LoginForm() {
  const next = safeNextPath(useSearchParams().get('next'));
  const whoami = useWhoAmI();
  const ids = useId();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const mutation = useMutation({
    mutationFn: (body: { login: string; password: string }) => apiFetch<LoginAnswer>('/api/login', 'POST', body),
    onSuccess: () => window.location.assign(next),
  });
  // Still busy once it worked: the page is leaving.
  const busy = mutation.isPending || mutation.isSuccess;

  const me = whoami.data;
  if (me?.kind === 'user' && me.user && !mutation.isSuccess)
    return <SignedIn user={me.user} anonymousViewing={me.anonymousViewing} />;

  return (
    <form
      aria-label="Log in"
      className={`${cardClass} flex flex-col gap-4`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy) mutation.mutate({ login: login.trim(), password });
      }}
    >
      <h1 className="text-lg font-semibold">Log in</h1>
      {mutation.error && (
        <Notice kind="error" testId="login-error">
          {messageOf(mutation.error)}
        </Notice>
      )}
      <Field label="Login" htmlFor={`${ids}-login`}>
        <input
          id={`${ids}-login`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          required
          maxLength={64}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
          className={inputClass}
        />
      </Field>
      <Field label="Password" htmlFor={`${ids}-password`}>
        <input
          id={`${ids}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={inputClass}
        />
      </Field>
      <button type="submit" disabled={busy} className={primaryButtonClass}>
        {busy ? 'Logging in…' : 'Log in'}
      </button>
      {me?.anonymousViewing && (
        <Link href="/" className="text-center text-sm text-blue-700 hover:underline dark:text-blue-400">
          Continue without logging in
        </Link>
      )}
    </form>
  );
}
