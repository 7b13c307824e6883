'use client';

import { useId, useState, type ChangeEvent } from 'react';
import { messageOf } from './api';
import { newPasswordProblem } from './format';
import { ROLES, type Role } from './types';
import { Field, Notice, cardClass, inputClass, primaryButtonClass } from './ui';
import { useCreateUser } from './use-admin';

const EMPTY = { login: '', name: '', role: 'viewer' as Role, password: '' };

/** A new user: login, name (optional: the login), role (viewer unless chosen), first password. */
export function CreateUserForm({ onCreated }: { onCreated: (login: string) => void }) {
  const ids = useId();
  const [fields, setFields] = useState(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateUser();
  const set = (key: keyof typeof EMPTY) => (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) =>
    setFields((f) => ({ ...f, [key]: e.target.value }));
  const error = problem ?? (create.error ? messageOf(create.error) : null);

  return (
    <form
      aria-label="Create user"
      className={`${cardClass} flex flex-col gap-3`}
      onSubmit={(e) => {
        e.preventDefault();
        const p = newPasswordProblem(fields.password);
        setProblem(p);
        if (p) return;
        const name = fields.name.trim();
        create.mutate(
          { login: fields.login.trim(), role: fields.role, password: fields.password, ...(name ? { name } : {}) },
          {
            onSuccess: ({ user }) => {
              setFields(EMPTY);
              onCreated(user.login);
            },
          },
        );
      }}
    >
      <h2 className="text-base font-semibold">Create user</h2>
      {error && (
        <Notice kind="error" testId="create-user-error">
          {error}
        </Notice>
      )}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label="Login" htmlFor={`${ids}-login`}>
          <input
            id={`${ids}-login`}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={64}
            value={fields.login}
            onChange={set('login')}
            className={inputClass}
          />
        </Field>
        <Field label="Name" htmlFor={`${ids}-name`}>
          <input
            id={`${ids}-name`}
            autoComplete="off"
            maxLength={100}
            value={fields.name}
            onChange={set('name')}
            className={inputClass}
          />
        </Field>
        <Field label="Role" htmlFor={`${ids}-role`}>
          <select id={`${ids}-role`} value={fields.role} onChange={set('role')} className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Password" htmlFor={`${ids}-password`}>
          <input
            id={`${ids}-password`}
            type="password"
            autoComplete="new-password"
            required
            maxLength={256}
            value={fields.password}
            onChange={set('password')}
            className={inputClass}
          />
        </Field>
      </div>
      <div>
        <button type="submit" disabled={create.isPending} className={primaryButtonClass}>
          {create.isPending ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
