'use client';

import { useEffect, useState } from 'react';
import type { DataFrame } from '@/lib/frames/types';
import type { QueryError, QueryRequest } from '@/lib/query/protocol';
import { getLiveClient, type LiveState } from './live-client';

export interface LiveFrames {
  frames: DataFrame[];
  errors?: QueryError[];
  /** The server refused the subscription (bad variables, unknown panel…). */
  error?: string;
  connected: boolean;
  hasSnapshot: boolean;
}

const EMPTY: LiveState = { frames: [], hasSnapshot: false };

/** Live frames for one panel over the tab's shared WebSocket; updates in place as deltas arrive. */
export function useLiveFrames(req: QueryRequest, enabled: boolean): LiveFrames {
  const [state, setState] = useState<LiveState>(EMPTY);
  const [connected, setConnected] = useState(false);
  const key = JSON.stringify(req);

  useEffect(() => {
    if (!enabled) return;
    const client = getLiveClient();
    // A new subscription starts from nothing: the previous request's frames must not show as this one's.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setState(EMPTY);
    setConnected(client.connected);
    const offConn = client.onConnected(setConnected);
    const off = client.subscribe(JSON.parse(key) as QueryRequest, setState);
    return () => {
      off();
      offConn();
    };
  }, [key, enabled]);

  return { ...state, connected };
}

/** The reason the server ended this tab's live updates (a logout, a disabled account…), once it has. */
export function useLiveEnded(): string | undefined {
  const [ended, setEnded] = useState<string | undefined>(undefined);
  useEffect(() => {
    const client = getLiveClient();
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setEnded(client.ended);
    return client.onEnded(setEnded);
  }, []);
  return ended;
}
