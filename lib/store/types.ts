/**
 * Pulseboard's own state (users, sessions, API tokens, the audit trail; dashboards and versions next): the
 * metadata store. SQLite in `PULSEBOARD_DATA_DIR` by default, PostgreSQL when `PULSEBOARD_DATABASE_URL` is a
 * `postgres://` URL. Both implement this interface with the same portable SQL and pass the same test suite.
 * Times are epoch milliseconds; ids of users and tokens are integers the store assigns.
 */

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: number;
  /** Unique, compared case-insensitively (stored lower-cased). */
  login: string;
  name: string;
  role: Role;
  disabled: boolean;
  /** PHC string (`$argon2id$…`); never leaves the server. */
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
  lastLoginAt: number | null;
}

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export interface UserPatch {
  name?: string;
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
  lastLoginAt?: number;
}

export interface Session {
  /** SHA-256 (hex) of the cookie's random token: the token itself is never stored. */
  idHash: string;
  userId: number;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute expiry, fixed at creation. */
  expiresAt: number;
  ip: string;
  userAgent: string;
}

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  /** SHA-256 (hex) of the secret; the secret is shown once at creation. */
  tokenHash: string;
  createdBy: number | null;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

type NewApiToken = Pick<ApiToken, 'name' | 'role' | 'tokenHash' | 'createdBy' | 'expiresAt'>;

export interface AuditEvent {
  id: number;
  at: number;
  /** e.g. `login.ok`, `login.failed`, `login.locked`, `user.created`, `user.updated`, `token.created`. */
  type: string;
  /** Login of who acted (undefined: anonymous or the system). */
  actor: string | null;
  /** What it acted on (a login, a token name). */
  subject: string | null;
  ip: string | null;
  /** Small JSON object of details (never secrets). */
  detail: Record<string, unknown>;
}

type NewAuditEvent = Omit<AuditEvent, 'id'>;

/** Failed logins for one key (`user:<login>` or `ip:<address>`) in the current window. */
export interface ThrottleState {
  key: string;
  failures: number;
  windowStart: number;
  /** Locked until this time (epoch ms), or 0. */
  lockedUntil: number;
}

/** A dashboard's newest version as stored. */
export interface StoredDashboard {
  uid: string;
  title: string;
  version: number;
  /** The whole document as saved (JSON text). */
  json: string;
  /** Loaded from a file under provisioning: read-only through the API and the UI. */
  provisioned: boolean;
  provisionedFile: string | null;
  createdAt: number;
  createdBy: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

export interface DashboardVersion {
  uid: string;
  version: number;
  json: string;
  author: string | null;
  createdAt: number;
  message: string;
}

export interface DashboardSave {
  uid: string;
  title: string;
  json: string;
  author: string | null;
  message: string;
  provisioned: boolean;
  provisionedFile: string | null;
  /**
   * The version this save was based on: it must still be the newest, or the save is refused (someone else saved
   * since). `null`: a new dashboard, refused if the uid exists. `'any'`: overwrite whatever is there.
   */
  base: number | null | 'any';
}

type DashboardSaveResult = { saved: StoredDashboard } | { conflict: 'exists' | 'version'; current: StoredDashboard };

export interface MetaStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where it is, without secrets (a file path, or `postgres://host:port/db`). */
  readonly location: string;

  users: {
    create(u: NewUser, now: number): Promise<User>;
    get(id: number): Promise<User | undefined>;
    getByLogin(login: string): Promise<User | undefined>;
    list(): Promise<User[]>;
    update(id: number, patch: UserPatch, now: number): Promise<User | undefined>;
    /** Enabled users with role admin. */
    countActiveAdmins(): Promise<number>;
  };
  sessions: {
    create(s: Session): Promise<void>;
    get(idHash: string): Promise<Session | undefined>;
    touch(idHash: string, lastSeenAt: number): Promise<void>;
    delete(idHash: string): Promise<void>;
    /** Every session of a user but `keep` (logout everywhere, disable, password change); returns their hashes. */
    deleteForUser(userId: number, keep?: string): Promise<string[]>;
    /** Sessions idle since before `idleBefore` or past their absolute expiry at `now`. */
    deleteExpired(now: number, idleBefore: number): Promise<number>;
  };
  tokens: {
    create(t: NewApiToken, now: number): Promise<ApiToken>;
    get(id: number): Promise<ApiToken | undefined>;
    getByHash(tokenHash: string): Promise<ApiToken | undefined>;
    list(): Promise<ApiToken[]>;
    revoke(id: number, now: number): Promise<ApiToken | undefined>;
    touch(id: number, lastUsedAt: number): Promise<void>;
  };
  audit: {
    append(e: NewAuditEvent): Promise<void>;
    /** Newest first; `before` is an event id for paging. */
    list(opts: { limit: number; before?: number }): Promise<AuditEvent[]>;
  };
  dashboards: {
    list(): Promise<StoredDashboard[]>;
    /** Every dashboard's uid and newest version, without the documents (cheap to poll). */
    heads(): Promise<Array<{ uid: string; version: number }>>;
    get(uid: string): Promise<StoredDashboard | undefined>;
    /** A new version, atomically checked against `base`; each version is kept in `versions`. */
    save(s: DashboardSave, now: number): Promise<DashboardSaveResult>;
    /** Removes the dashboard and its versions; false when there was none. */
    delete(uid: string): Promise<boolean>;
    /** Newest first, without the documents. */
    versions(uid: string): Promise<Array<Omit<DashboardVersion, 'json'>>>;
    version(uid: string, version: number): Promise<DashboardVersion | undefined>;
  };
  throttle: {
    get(key: string): Promise<ThrottleState | undefined>;
    /**
     * Count one failure for `key` atomically: a window older than `windowMs` starts over; reaching `max` failures
     * sets `lockedUntil = now + lockMs`. Returns the state after the failure.
     */
    fail(key: string, now: number, rule: { windowMs: number; max: number; lockMs: number }): Promise<ThrottleState>;
    clear(key: string): Promise<void>;
  };
  close(): Promise<void>;
}
