'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { ACCOUNT_KEYS, apiFetch } from './api';
import type { WhoAmI } from './types';

/** Who this browser is to the server (`GET /api/user`), shared by the user menu, login, profile and admin pages. */
export function useWhoAmI() {
  return useQuery({
    queryKey: ACCOUNT_KEYS.whoami,
    queryFn: () => apiFetch<WhoAmI>('/api/user'),
    staleTime: 30_000,
  });
}

/**
 * Log out, then leave the page: to the login page when anonymous visitors may not look around, else a reload
 * (the page then shows what anonymous viewers see). A full load drops every cached answer of the old session.
 */
export function useLogout(anonymousViewing: boolean) {
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>('/api/logout', 'POST'),
    onSuccess: () => {
      if (anonymousViewing) window.location.reload();
      // A full load on purpose, not router.push: nothing of the ended session may stay in the page or its cache.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      else window.location.assign('/login');
    },
  });
}
