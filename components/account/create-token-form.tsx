'use client';

import { useId, useState } from 'react';
import { messageOf } from './api';
import { EXPIRY_OPTIONS, secondsToLive, type ExpiryId } from './format';
import { ROLES, type CreatedApiToken, type Role } from './types';
import { Field, Notice, cardClass, inputClass, primaryButtonClass } from './ui';
import { useCreateToken } from './use-admin';

/** A new API token: name, role (viewer unless chosen), expiry (never unless chosen). */
export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const ids = useId();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [expiry, setExpiry] = useState<ExpiryId>('never');
  const create = useCreateToken();

  return (
    <form
      aria-label="Create API token"
      className={`${cardClass} flex flex-col gap-3`}
      onSubmit={(e) => {
        e.preventDefault();
        const seconds = secondsToLive(expiry);
        create.mutate(
          { name: name.trim(), role, ...(seconds ? { secondsToLive: seconds } : {}) },
          {
            onSuccess: ({ token }) => {
              setName('');
              onCreated(token);
            },
          },
        );
      }}
    >
      <h2 className="text-base font-semibold">Create API token</h2>
      {create.error && (
        <Notice kind="error" testId="create-token-error">
          {messageOf(create.error)}
        </Notice>
      )}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Name" htmlFor={`${ids}-name`}>
          <input
            id={`${ids}-name`}
            autoComplete="off"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            className={inputClass}
          />
        </Field>
        <Field label="Role" htmlFor={`${ids}-role`}>
          <select
            id={`${ids}-role`}
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            className={inputClass}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Expires" htmlFor={`${ids}-expiry`}>
          <select
            id={`${ids}-expiry`}
            value={expiry}
            onChange={(e) => setExpiry(e.target.value as ExpiryId)}
            className={inputClass}
          >
            {EXPIRY_OPTIONS.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div>
        <button type="submit" disabled={create.isPending} className={primaryButtonClass}>
          {create.isPending ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
