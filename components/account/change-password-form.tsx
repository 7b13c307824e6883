'use client';

import { useId, useState, type ChangeEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { apiFetch, messageOf } from './api';
import { newPasswordProblem } from './format';
import { Field, Notice, cardClass, inputClass, primaryButtonClass } from './ui';

const EMPTY = { current: '', next: '', confirm: '' };

/** Change my password: the current one, the new one twice; the server ends my other sessions. */
export function ChangePasswordForm() {
  const ids = useId();
  const [fields, setFields] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      apiFetch<{ ok: true }>('/api/user/password', 'PUT', body),
    onSuccess: () => setFields(EMPTY),
  });
  const set = (key: keyof typeof EMPTY) => (e: ChangeEvent<HTMLInputElement>) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));
  const error = problem ?? (mutation.error ? messageOf(mutation.error) : null);

  return (
    <form
      aria-label="Change password"
      className={`${cardClass} flex flex-col gap-3`}
      onSubmit={(e) => {
        e.preventDefault();
        const p = newPasswordProblem(fields.next, fields.confirm);
        setProblem(p);
        mutation.reset();
        if (!p) mutation.mutate({ currentPassword: fields.current, newPassword: fields.next });
      }}
    >
      <h2 className="text-base font-semibold">Change password</h2>
      {error && (
        <Notice kind="error" testId="password-error">
          {error}
        </Notice>
      )}
      {mutation.isSuccess && (
        <Notice kind="success" testId="password-changed">
          Password changed. Your other sessions were logged out.
        </Notice>
      )}
      <Field label="Current password" htmlFor={`${ids}-current`}>
        <input
          id={`${ids}-current`}
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          value={fields.current}
          onChange={set('current')}
          className={inputClass}
        />
      </Field>
      <Field label="New password" htmlFor={`${ids}-next`}>
        <input
          id={`${ids}-next`}
          type="password"
          autoComplete="new-password"
          required
          maxLength={256}
          value={fields.next}
          onChange={set('next')}
          className={inputClass}
        />
      </Field>
      <Field label="Confirm new password" htmlFor={`${ids}-confirm`}>
        <input
          id={`${ids}-confirm`}
          type="password"
          autoComplete="new-password"
          required
          maxLength={256}
          value={fields.confirm}
          onChange={set('confirm')}
          className={inputClass}
        />
      </Field>
      <p className="text-xs text-gray-500 dark:text-gray-400">At least 8 characters.</p>
      <div>
        <button type="submit" disabled={mutation.isPending} className={primaryButtonClass}>
          {mutation.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
