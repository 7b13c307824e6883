'use client';

import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { AuditTab } from './audit-tab';
import { TokensTab } from './tokens-tab';
import { useWhoAmI } from './use-account';
import { UsersTab } from './users-tab';

const TABS = [
  { id: 'users', label: 'Users' },
  { id: 'tokens', label: 'API tokens' },
  { id: 'audit', label: 'Audit log' },
] as const;

type TabId = (typeof TABS)[number]['id'];

/** The admin page: users, API tokens and the audit log as tabs (arrow keys move between them). */
export function AdminConsole() {
  const ids = useId();
  const [tab, setTab] = useState<TabId>('users');
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const selfId = useWhoAmI().data?.user?.id;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % TABS.length
        : e.key === 'ArrowLeft'
          ? (i - 1 + TABS.length) % TABS.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? TABS.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    setTab(TABS[to].id);
    tabRefs.current[to]?.focus();
  };

  return (
    <div className="flex flex-col gap-4">
      <div
        role="tablist"
        aria-label="Admin sections"
        onKeyDown={onKeyDown}
        className="flex gap-1 border-b border-gray-200 dark:border-gray-800"
      >
        {TABS.map((t, i) => {
          const selected = t.id === tab;
          return (
            <button
              key={t.id}
              ref={(el) => {
                tabRefs.current[i] = el;
              }}
              type="button"
              role="tab"
              id={`${ids}-tab-${t.id}`}
              aria-selected={selected}
              aria-controls={`${ids}-panel-${t.id}`}
              tabIndex={selected ? 0 : -1}
              data-testid={`admin-tab-${t.id}`}
              onClick={() => setTab(t.id)}
              className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${
                selected
                  ? 'border-blue-600 text-blue-700 dark:border-blue-400 dark:text-blue-300'
                  : 'border-transparent text-gray-600 hover:text-gray-900 dark:text-gray-400 dark:hover:text-gray-100'
              }`}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={`${ids}-panel-${tab}`}
        aria-labelledby={`${ids}-tab-${tab}`}
        data-testid={`admin-panel-${tab}`}
      >
        {tab === 'users' && <UsersTab selfId={selfId} />}
        {tab === 'tokens' && <TokensTab />}
        {tab === 'audit' && <AuditTab />}
      </div>
    </div>
  );
}
