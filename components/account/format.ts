/** Small pure helpers for the account pages: times, statuses, token expiry choices, the curl example. */
import type { ApiTokenMeta } from './types';

/** An epoch-ms time in the browser's local time, or `fallback` when there is none. */
export function formatTime(ms: number | null | undefined, fallback = 'Never'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return fallback;
  return new Date(ms).toLocaleString();
}

/** An audit event's details as one line of JSON; nothing for an empty object. */
export function formatDetail(detail: Record<string, unknown> | null | undefined): string {
  if (!detail || typeof detail !== 'object' || Object.keys(detail).length === 0) return '';
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** Revoked wins over expired: it was an act, expiry is only time. */
export function tokenStatus(t: Pick<ApiTokenMeta, 'expiresAt' | 'revokedAt'>, now: number): TokenStatus {
  if (t.revokedAt !== null) return 'revoked';
  if (t.expiresAt !== null && t.expiresAt <= now) return 'expired';
  return 'active';
}

const DAY = 86_400;

/** Expiry choices of a new API token; `seconds` is `secondsToLive`, undefined for a token that does not expire. */
export const EXPIRY_OPTIONS = [
  { id: 'never', label: 'Never', seconds: undefined },
  { id: '1d', label: '1 day', seconds: DAY },
  { id: '30d', label: '30 days', seconds: 30 * DAY },
  { id: '90d', label: '90 days', seconds: 90 * DAY },
  { id: '1y', label: '1 year', seconds: 365 * DAY },
] as const satisfies readonly { id: string; label: string; seconds: number | undefined }[];

export type ExpiryId = (typeof EXPIRY_OPTIONS)[number]['id'];

/** `secondsToLive` for an expiry choice; undefined (the field is left out) for Never or an unknown id. */
export function secondsToLive(id: string): number | undefined {
  return EXPIRY_OPTIONS.find((o) => o.id === id)?.seconds;
}

/** A shell command that lists dashboards with the token, to show beside a new secret. */
export function curlExample(origin: string, token: string): string {
  return `curl -H "Authorization: Bearer ${token}" ${origin.replace(/\/+$/, '')}/api/dashboards`;
}

/** The shortest password the server accepts. */
const MIN_PASSWORD_LENGTH = 8;

/** Why a new password (typed twice) will not do, or null when it will; the server checks again. */
export function newPasswordProblem(password: string, confirm?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `The new password must be at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (confirm !== undefined && password !== confirm) return 'The new passwords do not match.';
  return null;
}
