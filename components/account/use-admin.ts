'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ACCOUNT_KEYS, apiFetch } from './api';
import type { ApiTokenMeta, AuditEvent, CreatedApiToken, PublicUser, Role } from './types';

/** Events per page of the audit log. */
const AUDIT_PAGE_SIZE = 100;

export interface UserPatch {
  name?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export interface NewUserInput {
  login: string;
  name?: string;
  role: Role;
  password: string;
}

export interface NewTokenInput {
  name: string;
  role: Role;
  secondsToLive?: number;
}

export function useUsers() {
  return useQuery({
    queryKey: ACCOUNT_KEYS.users,
    queryFn: async () => (await apiFetch<{ users: PublicUser[] }>('/api/users')).users,
  });
}

export function useTokens() {
  return useQuery({
    queryKey: ACCOUNT_KEYS.tokens,
    queryFn: async () => (await apiFetch<{ tokens: ApiTokenMeta[] }>('/api/tokens')).tokens,
  });
}

/** The audit log, newest first, one page at a time: the next page starts before the last event's id. */
export function useAudit() {
  return useInfiniteQuery({
    queryKey: ACCOUNT_KEYS.audit,
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam }) => {
      const q = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) });
      if (pageParam !== undefined) q.set('before', String(pageParam));
      return (await apiFetch<{ events: AuditEvent[] }>(`/api/audit?${q}`)).events;
    },
    getNextPageParam: (last) => (last.length < AUDIT_PAGE_SIZE ? undefined : last[last.length - 1]?.id),
  });
}

/** After a change: the list it changed, the audit log (which records it) and who I am (my role may be it). */
function useInvalidate(key: readonly string[]) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: key }),
      queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.audit }),
      queryClient.invalidateQueries({ queryKey: ACCOUNT_KEYS.whoami }),
    ]);
}

export function useUpdateUser() {
  const invalidate = useInvalidate(ACCOUNT_KEYS.users);
  return useMutation({
    mutationFn: ({ id, patch }: { id: number; patch: UserPatch }) =>
      apiFetch<{ user: PublicUser }>(`/api/users/${id}`, 'PATCH', patch),
    onSettled: invalidate,
  });
}

export function useCreateUser() {
  const invalidate = useInvalidate(ACCOUNT_KEYS.users);
  return useMutation({
    mutationFn: (input: NewUserInput) => apiFetch<{ user: PublicUser }>('/api/users', 'POST', input),
    onSuccess: invalidate,
  });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate(ACCOUNT_KEYS.tokens);
  return useMutation({
    mutationFn: (input: NewTokenInput) => apiFetch<{ token: CreatedApiToken }>('/api/tokens', 'POST', input),
    onSuccess: async ({ token }) => {
      // The new token is in the list at once (without its secret), whatever a list request in flight answers.
      const { token: _secret, ...meta } = token;
      await queryClient.cancelQueries({ queryKey: ACCOUNT_KEYS.tokens });
      queryClient.setQueryData<ApiTokenMeta[]>(ACCOUNT_KEYS.tokens, (old) =>
        old && !old.some((t) => t.id === meta.id) ? [...old, meta] : old,
      );
      await invalidate();
    },
  });
}

export function useRevokeToken() {
  const invalidate = useInvalidate(ACCOUNT_KEYS.tokens);
  return useMutation({
    mutationFn: (id: number) => apiFetch<{ token: ApiTokenMeta }>(`/api/tokens/${id}`, 'DELETE'),
    onSettled: invalidate,
  });
}
