/**
 * Browser calls to the accounts API. Same-origin fetches: the session cookie goes along by itself (it is httpOnly,
 * never read here) and the browser adds the Origin header the server checks on state-changing requests.
 */

/** A refusal from the API: the server's `{error}` message, the HTTP status and the whole JSON answer. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The message to show for a failed answer: the server's `error`, else the status line. */
export function errorMessage(res: { status: number; statusText: string }, body: unknown): string {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'string' && error.trim()) return error;
  return `Request failed (${res.status}${res.statusText ? ` ${res.statusText}` : ''})`;
}

/** Any error as one readable line. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Query keys, so that mutations invalidate exactly the lists they change. */
export const ACCOUNT_KEYS = {
  whoami: ['whoami'],
  users: ['account', 'users'],
  tokens: ['account', 'tokens'],
  audit: ['account', 'audit'],
} as const;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Call the API and return its JSON answer; a non-2xx answer throws `ApiError` with the server's message. */
export async function apiFetch<T>(
  path: string,
  method: Method = 'GET',
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(`Could not reach the server: ${messageOf(err)}`, 0);
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(errorMessage(res, data), res.status, data);
  return data as T;
}
