'use client';

import { useId, useState } from 'react';
import Link from 'next/link';
import { messageOf } from './api';
import { formatTime, newPasswordProblem } from './format';
import { ROLES, type PublicUser, type Role } from './types';
import { Badge, cellClass, dangerButtonClass, inputClass, primaryButtonClass, secondaryButtonClass } from './ui';
import { useUpdateUser, type UserPatch } from './use-admin';

/** What a row reports to the tab: a message to show above the table (null clears it). */
export type Report = (notice: { kind: 'error' | 'success'; text: string } | null) => void;

function ResetPasswordForm({
  login,
  busy,
  onSubmit,
  onCancel,
}: {
  login: string;
  busy: boolean;
  onSubmit: (password: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      aria-label={`Reset password of ${login}`}
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const p = newPasswordProblem(password);
        setProblem(p);
        if (!p) onSubmit(password);
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-xs font-medium text-gray-600 dark:text-gray-300">
          New password for {login}
        </label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          autoFocus
          required
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={`${inputClass} w-64`}
        />
      </div>
      <button type="submit" disabled={busy} className={primaryButtonClass}>
        Save password
      </button>
      <button type="button" onClick={onCancel} className={`${secondaryButtonClass} h-9`}>
        Cancel
      </button>
      {problem && (
        <p role="alert" className="basis-full text-sm text-red-600 dark:text-red-400">
          {problem}
        </p>
      )}
      <p className="basis-full text-xs text-gray-500 dark:text-gray-400">
        At least 8 characters. Their open sessions end.
      </p>
    </form>
  );
}

/**
 * One user: role select, Disable/Enable and Reset password, each a PATCH. A change that ends my own access here
 * (my sessions, my admin role) leaves the page afterwards.
 */
export function UserRow({ user, self, report }: { user: PublicUser; self: boolean; report: Report }) {
  const update = useUpdateUser();
  const [resetting, setResetting] = useState(false);
  const pendingRole = update.isPending ? update.variables?.patch.role : undefined;

  const run = (patch: UserPatch, done: string, leaveTo?: string) => {
    report(null);
    update.mutate(
      { id: user.id, patch },
      {
        onSuccess: () => {
          report({ kind: 'success', text: done });
          if (leaveTo) window.location.assign(leaveTo);
        },
        onError: (err) => report({ kind: 'error', text: messageOf(err) }),
      },
    );
  };

  const changeRole = (role: Role) => {
    if (role === user.role) return;
    const demoteSelf = self && user.role === 'admin';
    if (demoteSelf && !window.confirm(`Make yourself ${role}? You will no longer be able to open this admin page.`))
      return;
    run({ role }, `${user.login} is now ${role}.`, demoteSelf ? '/' : undefined);
  };

  const toggleDisabled = () => {
    const disable = !user.disabled;
    const question = disable
      ? `Disable ${user.login}? Their sessions end at once and they cannot log in.${self ? ' This logs you out.' : ''}`
      : `Enable ${user.login}? They can log in again.`;
    if (!window.confirm(question)) return;
    run(
      { disabled: disable },
      `${user.login} is ${disable ? 'disabled' : 'enabled'}.`,
      disable && self ? '/login' : undefined,
    );
  };

  return (
    <>
      <tr data-testid="user-row" data-login={user.login} data-disabled={user.disabled}>
        <td className={`${cellClass} font-medium`}>{user.login}</td>
        <td className={cellClass}>{user.name}</td>
        <td className={cellClass}>
          <select
            aria-label={`Role of ${user.login}`}
            value={pendingRole ?? user.role}
            disabled={update.isPending}
            onChange={(e) => changeRole(e.target.value as Role)}
            className={`${inputClass} h-8 w-auto`}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </td>
        <td className={cellClass}>
          {user.disabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
        </td>
        <td className={`${cellClass} whitespace-nowrap`}>{formatTime(user.lastLoginAt)}</td>
        <td className={cellClass}>
          <div className="flex flex-wrap gap-1.5">
            <button
              type="button"
              disabled={update.isPending}
              onClick={toggleDisabled}
              className={user.disabled ? secondaryButtonClass : dangerButtonClass}
            >
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
            {self ? (
              <Link href="/profile" className={secondaryButtonClass} title="Change your own password in your profile">
                Change password
              </Link>
            ) : (
              <button
                type="button"
                aria-expanded={resetting}
                disabled={update.isPending}
                onClick={() => setResetting((r) => !r)}
                className={secondaryButtonClass}
              >
                Reset password
              </button>
            )}
          </div>
        </td>
      </tr>
      {resetting && !self && (
        <tr data-testid="reset-password-row" data-login={user.login}>
          <td colSpan={6} className={`${cellClass} bg-gray-50 dark:bg-gray-950`}>
            <ResetPasswordForm
              login={user.login}
              busy={update.isPending}
              onCancel={() => setResetting(false)}
              onSubmit={(password) => {
                setResetting(false);
                run({ password }, `Password of ${user.login} reset; their sessions were logged out.`);
              }}
            />
          </td>
        </tr>
      )}
    </>
  );
}
