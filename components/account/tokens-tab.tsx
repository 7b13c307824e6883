'use client';

import { useState } from 'react';
import { messageOf } from './api';
import { CreateTokenForm } from './create-token-form';
import { formatTime, tokenStatus } from './format';
import { TokenSecret } from './token-secret';
import type { ApiTokenMeta, CreatedApiToken } from './types';
import { Badge, Notice, QueryStatus, Table, cellClass, dangerButtonClass } from './ui';
import { useRevokeToken, useTokens } from './use-admin';

const STATUS_TONE = { active: 'green', expired: 'gray', revoked: 'red' } as const;

function TokenRow({ token, now, onError }: { token: ApiTokenMeta; now: number; onError: (m: string | null) => void }) {
  const revoke = useRevokeToken();
  const status = tokenStatus(token, now);
  return (
    <tr data-testid="token-row" data-token-name={token.name} data-status={status}>
      <td className={`${cellClass} font-medium`}>{token.name}</td>
      <td className={cellClass}>{token.role}</td>
      <td className={`${cellClass} whitespace-nowrap`}>{formatTime(token.createdAt)}</td>
      <td className={`${cellClass} whitespace-nowrap`}>{formatTime(token.expiresAt)}</td>
      <td className={`${cellClass} whitespace-nowrap`}>{formatTime(token.lastUsedAt)}</td>
      <td className={cellClass}>
        <Badge tone={STATUS_TONE[status]}>{status}</Badge>
      </td>
      <td className={cellClass}>
        {token.revokedAt === null && (
          <button
            type="button"
            disabled={revoke.isPending}
            className={dangerButtonClass}
            onClick={() => {
              if (!window.confirm(`Revoke the API token “${token.name}”? Requests using it stop at once.`)) return;
              onError(null);
              revoke.mutate(token.id, { onError: (err) => onError(messageOf(err)) });
            }}
          >
            {revoke.isPending ? 'Revoking…' : 'Revoke'}
          </button>
        )}
      </td>
    </tr>
  );
}

/** API tokens: the new token's secret (once), the table with Revoke, and the create form. */
export function TokensTab() {
  const tokens = useTokens();
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [error, setError] = useState<string | null>(null);

  return (
    <div className="flex flex-col gap-4">
      {created && <TokenSecret token={created} onDone={() => setCreated(null)} />}
      {error && (
        <Notice kind="error" testId="tokens-error">
          {error}
        </Notice>
      )}
      <QueryStatus
        what="API tokens"
        isPending={tokens.isPending}
        error={tokens.error}
        retry={() => void tokens.refetch()}
        testId="tokens-status"
      />
      {tokens.data &&
        (tokens.data.length === 0 ? (
          <p className="text-sm text-gray-500 dark:text-gray-400">No API tokens yet.</p>
        ) : (
          <Table label="API tokens" head={['Name', 'Role', 'Created', 'Expires', 'Last used', 'Status', 'Actions']}>
            {tokens.data.map((t) => (
              <TokenRow key={t.id} token={t} now={tokens.dataUpdatedAt} onError={setError} />
            ))}
          </Table>
        ))}
      <CreateTokenForm
        onCreated={(t) => {
          setError(null);
          setCreated(t);
        }}
      />
    </div>
  );
}
