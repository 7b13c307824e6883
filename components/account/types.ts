/**
 * What the accounts API (`app/api/login`, `user`, `users`, `tokens`, `audit`) answers, as the browser sees it.
 * Times are epoch milliseconds. The server's own types live in lib/auth/service, which the browser may not import.
 */
import { ROLES, type Role } from '@/lib/store/types';

export { ROLES, type Role };

/** A user without the password hash (`GET /api/users`, `GET /api/user`). */
export interface PublicUser {
  id: number;
  login: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
}

/** `GET /api/user`: who this browser is to the server. */
export interface WhoAmI {
  /** `token` and `bootstrap` are requests with an Authorization header; a browser page normally is `user` or `anonymous`. */
  kind: 'user' | 'token' | 'bootstrap' | 'anonymous';
  /** Null when nobody is signed in and anonymous viewing is off. */
  role: Role | null;
  /** Set for `kind: 'user'` only. */
  user: PublicUser | null;
  /** Anonymous visitors may view dashboards (as viewers). */
  anonymousViewing: boolean;
}

/** An API token without its secret (`GET /api/tokens`). */
export interface ApiTokenMeta {
  id: number;
  name: string;
  role: Role;
  /** Id of the user who created it; null for the bootstrap token. */
  createdBy: number | null;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** `POST /api/tokens`: the token with its secret, shown once. */
export interface CreatedApiToken extends ApiTokenMeta {
  /** The secret (`pb_…`) to send as `Authorization: Bearer <token>`. */
  token: string;
}

/** One security event (`GET /api/audit`), newest first. */
export interface AuditEvent {
  id: number;
  at: number;
  /** e.g. `login.ok`, `login.failed`, `user.updated`, `token.created`. */
  type: string;
  actor: string | null;
  subject: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}
