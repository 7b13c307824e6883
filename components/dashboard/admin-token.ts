/**
 * The admin token the share dialog sends to issue embed tokens, kept between dialogs of one tab: in
 * sessionStorage, never a cookie, never localStorage. Storage that is unavailable keeps it in the dialog only.
 */

export const ADMIN_TOKEN_SESSION_KEY = 'pulseboard-admin-token';

type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const sessionStore = (): KeyValueStore => window.sessionStorage;

export function readAdminToken(store: () => KeyValueStore = sessionStore): string {
  try {
    return store().getItem(ADMIN_TOKEN_SESSION_KEY) ?? '';
  } catch {
    return '';
  }
}

/** Keep `value`, or forget the token when it is empty. */
export function writeAdminToken(value: string, store: () => KeyValueStore = sessionStore): void {
  try {
    if (value) store().setItem(ADMIN_TOKEN_SESSION_KEY, value);
    else store().removeItem(ADMIN_TOKEN_SESSION_KEY);
  } catch {
    // Storage unavailable: the token stays in component state only.
  }
}
