'use client';

import { useEffect, useState } from 'react';
import { useWhoAmI } from '@/components/account/use-account';
import { getLiveClient } from '@/components/live/live-client';
import type { LiveDashboardEvent } from '@/lib/query/protocol';
import { buttonClass } from './modal';

/** A save by this user in another tab is shown after this long: a save from this very tab ends edit mode first. */
const OWN_SAVE_DELAY_MS = 1500;

/**
 * The newest change to dashboard `uid` since `version` (the one the editor opened), pushed over the tab's live
 * socket (`watch-dashboard`): a save of a newer version, or a delete. Undefined while nothing has changed.
 */
function useDashboardChange(uid: string, version: number): LiveDashboardEvent | undefined {
  const [change, setChange] = useState<LiveDashboardEvent>();
  useEffect(
    () =>
      getLiveClient().watchDashboard(uid, version, (e) => {
        if (e.type === 'dashboard-deleted' || (e.type === 'dashboard-saved' && e.version > version)) setChange(e);
      }),
    [uid, version],
  );
  return change;
}

function clock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** What the banner says of a change; `mine`: the same user, so another tab of theirs. */
function sentence(e: LiveDashboardEvent, mine: boolean): string {
  const who = mine ? 'You' : (e.by ?? 'Someone');
  const where = mine ? ' in another tab' : '';
  if (e.type === 'dashboard-deleted')
    return `${who} deleted this dashboard${where} at ${clock(e.at)}: saving will fail; save a copy to keep your changes.`;
  return `${who} saved version ${e.version}${where} at ${clock(e.at)}: your save would conflict.`;
}

/**
 * Edit mode's collaboration hint: when someone else (or this user in another tab) saves or deletes the dashboard
 * being edited, a banner says who, which version and when, before a save would get the 412. Reload opens their
 * version (the page asks first when there are unsaved changes); Keep editing hides the banner until the next change.
 */
export function CollabBanner({ uid, version }: { uid: string; version: number }) {
  const change = useDashboardChange(uid, version);
  const me = useWhoAmI().data?.user?.login;
  const mine = !!change && change.by !== null && change.by === me;
  const key = change ? `${change.type}:${change.type === 'dashboard-saved' ? change.version : ''}` : '';
  const [dismissed, setDismissed] = useState('');
  const [shown, setShown] = useState('');
  useEffect(() => {
    if (!key) return;
    const t = setTimeout(() => setShown(key), mine ? OWN_SAVE_DELAY_MS : 0);
    return () => clearTimeout(t);
  }, [key, mine]);
  if (!change || shown !== key || dismissed === key) return null;
  return (
    <div
      role="alert"
      data-testid="collab-banner"
      className="flex flex-wrap items-center gap-2 border-t border-amber-300 bg-amber-100 px-4 py-1.5 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <span className="mr-auto">{sentence(change, mine)}</span>
      {change.type === 'dashboard-saved' && (
        <button type="button" className={buttonClass} onClick={() => window.location.reload()}>
          Reload
        </button>
      )}
      <button type="button" className={buttonClass} onClick={() => setDismissed(key)}>
        Keep editing
      </button>
    </div>
  );
}
