'use client';

import { useRef } from 'react';
import { CopyButton } from '@/components/dashboard/copy-button';
import { curlExample } from './format';
import type { CreatedApiToken } from './types';
import { secondaryButtonClass } from './ui';

/** A new token's secret, shown this once (it lives in this component's state only), with a curl example. */
export function TokenSecret({ token, onDone }: { token: CreatedApiToken; onDone: () => void }) {
  const secretRef = useRef<HTMLInputElement>(null);
  const curl = curlExample(window.location.origin, token.token);
  return (
    <section
      aria-label="New API token"
      data-testid="token-secret"
      className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-medium">
        API token “{token.name}” ({token.role}) created. Copy it now: it will not be shown again.
      </p>
      <div className="flex gap-2">
        <input
          ref={secretRef}
          readOnly
          aria-label="API token secret"
          data-testid="token-secret-value"
          value={token.token}
          onFocus={(e) => e.currentTarget.select()}
          className="h-8 min-w-0 flex-1 rounded border border-amber-300 bg-white px-2 font-mono text-xs text-gray-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-amber-800 dark:bg-gray-950 dark:text-gray-100"
        />
        <CopyButton text={token.token} label="Copy token" source={() => secretRef.current} />
      </div>
      <p className="text-xs">Use it as a Bearer token, for example:</p>
      <div className="flex items-start gap-2">
        <pre
          data-testid="token-curl"
          className="min-w-0 flex-1 overflow-x-auto rounded border border-amber-200 bg-white px-2 py-1.5 font-mono text-xs text-gray-900 dark:border-amber-900 dark:bg-gray-950 dark:text-gray-100"
        >
          {curl}
        </pre>
        <CopyButton text={curl} label="Copy curl command" />
      </div>
      <div>
        <button type="button" onClick={onDone} className={secondaryButtonClass}>
          Done
        </button>
      </div>
    </section>
  );
}
