import { EventEmitter } from 'node:events';
import { timingSafeEqual } from 'node:crypto';
import { PulseboardError } from '../errors';
import type { ApiToken, MetaStore, Role, User } from '../store/types';
import { ROLES } from '../store/types';
import type { Principal } from './access';
import type { AuthConfig } from './config';
import {
  API_TOKEN_PREFIX,
  dummyHash,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  newApiToken,
  newPassword,
  newSessionToken,
  sha256,
  verifyPassword,
} from './secrets';

export const SESSION_COOKIE = 'pulseboard_session';
/** Last-seen and last-used times are written at most this often per session or token, not on every request. */
const TOUCH_EVERY_MS = 60_000;
const LOGIN_RE = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/** A user as the API shows it: never the password hash. */
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

export function publicUser(u: User): PublicUser {
  const { passwordHash: _hash, ...rest } = u;
  return rest;
}

export type PublicToken = Omit<ApiToken, 'tokenHash'>;

function publicToken(t: ApiToken): PublicToken {
  const { tokenHash: _hash, ...rest } = t;
  return rest;
}

/** What ends: the gate and the live server close whatever belongs to it at once. */
export interface Revocation {
  sessionHashes?: string[];
  userId?: number;
  tokenId?: number;
  /** Nothing ended, the user's role changed: their sockets are closed so that they reconnect with the new role. */
  reconnect?: true;
}

/** Resolved credentials: who, or why the credentials sent were refused. */
export type Resolved =
  { principal: Principal; cookieAuth: boolean; clearCookie?: boolean } | { refusal: { status: 401; message: string } };

interface Actor {
  principal: Principal;
  ip: string;
}

/** Who acted, as the audit trail and dashboard versions record it. */
export function actorName(p: Principal): string | null {
  if (p.kind === 'user') return p.login ?? null;
  if (p.kind === 'token') return `token:${p.login ?? p.tokenId}`;
  if (p.kind === 'bootstrap') return 'PULSEBOARD_ADMIN_TOKEN';
  return null;
}

function validatePassword(password: string, field = 'password'): void {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH)
    throw new PulseboardError(`${field} must be at least ${MIN_PASSWORD_LENGTH} characters`, 400, 'bad_password');
  if (password.length > MAX_PASSWORD_LENGTH)
    throw new PulseboardError(`${field} must be at most ${MAX_PASSWORD_LENGTH} characters`, 400, 'bad_password');
}

/** Cookie header → the session cookie's value. */
export function sessionCookieValue(cookie: string | undefined): string | undefined {
  if (!cookie) return undefined;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Accounts: who a request is (session cookie, API token, the bootstrap token, or anonymous), logins with
 * throttling, users, tokens and the audit trail. State lives in the metadata store; nothing here is per process
 * except the revocation events this process's sockets listen to.
 */
export class AuthService {
  readonly events = new EventEmitter<{ revoke: [Revocation] }>();

  constructor(
    readonly store: MetaStore,
    readonly config: AuthConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.events.setMaxListeners(0);
  }

  // ---- Who is asking -------------------------------------------------------------------------------------------

  async resolve(authorization: string | undefined, cookie: string | undefined): Promise<Resolved> {
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!m) return { refusal: { status: 401, message: 'Authorization must be "Bearer <API token>"' } };
      const p = await this.fromBearer(m[1]);
      return p
        ? { principal: p, cookieAuth: false }
        : { refusal: { status: 401, message: 'Invalid or expired API token' } };
    }
    const value = sessionCookieValue(cookie);
    if (value) {
      const p = await this.fromSession(value);
      if (p) return { principal: p, cookieAuth: true };
      return { principal: this.anonymous(), cookieAuth: false, clearCookie: true };
    }
    return { principal: this.anonymous(), cookieAuth: false };
  }

  /**
   * Is this principal's credential still good? Open sockets ask this periodically, so that a logout or a disabled
   * user on another Pulseboard instance (sharing a PostgreSQL store) also ends them, within that period.
   */
  async stillValid(p: Principal): Promise<boolean> {
    const now = this.now();
    if (p.kind === 'user' && p.sessionHash) {
      const s = await this.store.sessions.get(p.sessionHash);
      if (!s || now >= s.expiresAt || now - s.lastSeenAt >= this.config.idleMs) return false;
      const u = await this.store.users.get(s.userId);
      if (!u || u.disabled) return false;
      // An open live dashboard is use: a wall display is not logged out for being idle (only at the maximum age).
      if (now - s.lastSeenAt > TOUCH_EVERY_MS) await this.store.sessions.touch(p.sessionHash, now);
      return true;
    }
    if (p.kind === 'token' && p.tokenId !== undefined) {
      const t = await this.store.tokens.get(p.tokenId);
      return !!t && t.revokedAt === null && (t.expiresAt === null || t.expiresAt > now);
    }
    return true;
  }

  anonymous(): Principal {
    return { kind: 'anonymous', role: this.config.anonymous ? 'viewer' : undefined };
  }

  private async fromBearer(secret: string): Promise<Principal | undefined> {
    if (this.config.bootstrapToken && sameSecret(secret, this.config.bootstrapToken))
      return { kind: 'bootstrap', role: 'admin', login: 'PULSEBOARD_ADMIN_TOKEN' };
    if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return undefined;
    const t = await this.store.tokens.getByHash(sha256(secret));
    const now = this.now();
    if (!t || t.revokedAt !== null || (t.expiresAt !== null && t.expiresAt <= now)) return undefined;
    if (t.lastUsedAt === null || now - t.lastUsedAt > TOUCH_EVERY_MS)
      this.store.tokens.touch(t.id, now).catch((err: Error) => console.error('[pulseboard] token touch failed', err));
    return {
      kind: 'token',
      role: t.role,
      tokenId: t.id,
      login: t.name,
      name: t.name,
      ...(t.expiresAt !== null ? { expiresAt: t.expiresAt } : {}),
    };
  }

  private async fromSession(value: string): Promise<Principal | undefined> {
    if (value.length > 200) return undefined;
    const idHash = sha256(value);
    const s = await this.store.sessions.get(idHash);
    if (!s) return undefined;
    const now = this.now();
    if (now >= s.expiresAt || now - s.lastSeenAt >= this.config.idleMs) {
      await this.store.sessions.delete(idHash);
      return undefined;
    }
    const user = await this.store.users.get(s.userId);
    if (!user || user.disabled) return undefined;
    if (now - s.lastSeenAt > TOUCH_EVERY_MS)
      this.store.sessions
        .touch(idHash, now)
        .catch((err: Error) => console.error('[pulseboard] session touch failed', err));
    return {
      kind: 'user',
      role: user.role,
      userId: user.id,
      login: user.login,
      name: user.name,
      sessionHash: idHash,
      expiresAt: s.expiresAt,
    };
  }

  // ---- Logging in and out --------------------------------------------------------------------------------------

  /**
   * Check a login and password and open a session. Failures count per account and per client address; past the
   * limit the account (or address) is refused until the lock ends, and the refusal says when that is.
   */
  async login(
    loginInput: string,
    password: string,
    ip: string,
    userAgent: string,
  ): Promise<{ token: string; user: PublicUser; expiresAt: number }> {
    const login = String(loginInput ?? '')
      .trim()
      .toLowerCase();
    if (!login || login.length > 64) throw new PulseboardError('login must be 1–64 characters', 400, 'bad_login');
    if (typeof password !== 'string' || !password || password.length > MAX_PASSWORD_LENGTH)
      throw new PulseboardError(`password must be 1–${MAX_PASSWORD_LENGTH} characters`, 400, 'bad_password');
    const now = this.now();
    const userKey = `user:${login}`;
    const ipKey = `ip:${ip}`;
    for (const key of [userKey, ipKey]) {
      const t = await this.store.throttle.get(key);
      if (t && t.lockedUntil > now) throw this.lockedError(key === userKey ? 'account' : 'address', t.lockedUntil);
    }
    const user = await this.store.users.getByLogin(login);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !ok) {
      const window = { windowMs: this.config.failureWindowMs, lockMs: this.config.lockMs };
      const [u, a] = await Promise.all([
        this.store.throttle.fail(userKey, now, { ...window, max: this.config.accountMaxFailures }),
        this.store.throttle.fail(ipKey, now, { ...window, max: this.config.addressMaxFailures }),
      ]);
      await this.audit('login.failed', { principal: { kind: 'anonymous' }, ip }, login, {
        failures: u.failures,
        reason: user ? 'wrong password' : 'no such login',
      });
      const locked = u.lockedUntil > now ? u : a.lockedUntil > now ? a : undefined;
      if (locked) {
        if (locked.failures === (locked === u ? this.config.accountMaxFailures : this.config.addressMaxFailures))
          await this.audit('login.locked', { principal: { kind: 'anonymous' }, ip }, login, {
            key: locked.key.startsWith('user:') ? 'account' : 'address',
            until: new Date(locked.lockedUntil).toISOString(),
          });
        throw this.lockedError(locked === u ? 'account' : 'address', locked.lockedUntil);
      }
      throw new PulseboardError('Wrong login or password', 401, 'bad_credentials');
    }
    if (user.disabled) {
      await this.audit('login.failed', { principal: { kind: 'anonymous' }, ip }, login, { reason: 'disabled' });
      throw new PulseboardError('This account is disabled; ask an admin', 403, 'disabled');
    }
    await this.store.throttle.clear(userKey);
    const token = newSessionToken();
    const expiresAt = now + this.config.maxAgeMs;
    await this.store.sessions.create({
      idHash: sha256(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: ip.slice(0, 64),
      userAgent: userAgent.slice(0, 256),
    });
    const updated = (await this.store.users.update(user.id, { lastLoginAt: now }, now)) ?? user;
    await this.audit('login.ok', { principal: { kind: 'user', login: user.login }, ip }, user.login, {});
    return { token, user: publicUser(updated), expiresAt };
  }

  private lockedError(what: 'account' | 'address', until: number): PulseboardError {
    const at = new Date(until).toISOString().replace(/\.\d+Z$/, 'Z');
    const mins = Math.max(1, Math.ceil((until - this.now()) / 60_000));
    const err = new PulseboardError(
      what === 'account'
        ? `Too many failed logins: this account is locked until ${at} (about ${mins} min)`
        : `Too many failed logins from your address: try again after ${at} (about ${mins} min)`,
      429,
      'locked',
    );
    (err as PulseboardError & { retryAfterSeconds?: number }).retryAfterSeconds = Math.ceil(
      (until - this.now()) / 1000,
    );
    return err;
  }

  async logout(p: Principal, ip: string): Promise<void> {
    if (!p.sessionHash) return;
    await this.store.sessions.delete(p.sessionHash);
    this.events.emit('revoke', { sessionHashes: [p.sessionHash] });
    await this.audit('logout', { principal: p, ip }, p.login ?? null, {});
  }

  // ---- Users ---------------------------------------------------------------------------------------------------

  async listUsers(): Promise<PublicUser[]> {
    return (await this.store.users.list()).map(publicUser);
  }

  async createUser(
    input: { login: string; name?: string; role: Role; password: string },
    by: Actor,
  ): Promise<PublicUser> {
    const login = String(input.login ?? '')
      .trim()
      .toLowerCase();
    if (!LOGIN_RE.test(login))
      throw new PulseboardError(
        'login must be 1–64 characters: letters, digits and . _ @ -, starting with a letter or digit',
        400,
        'bad_login',
      );
    const name = (input.name ?? login).trim();
    if (name.length > 100) throw new PulseboardError('name must be at most 100 characters', 400, 'bad_name');
    if (!ROLES.includes(input.role)) throw new PulseboardError(`role must be one of ${ROLES.join(', ')}`, 400);
    validatePassword(input.password);
    if (await this.store.users.getByLogin(login))
      throw new PulseboardError(`A user with login "${login}" already exists`, 409, 'duplicate');
    let user: User;
    try {
      user = await this.store.users.create(
        { login, name: name || login, role: input.role, passwordHash: await hashPassword(input.password) },
        this.now(),
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'duplicate')
        throw new PulseboardError(`A user with login "${login}" already exists`, 409, 'duplicate');
      throw err;
    }
    await this.audit('user.created', by, login, { role: input.role });
    return publicUser(user);
  }

  /** An admin's change to a user: name, role, disabled, or a new password (which ends the user's sessions). */
  async updateUser(
    id: number,
    patch: { name?: string; role?: Role; disabled?: boolean; password?: string },
    by: Actor,
  ): Promise<PublicUser> {
    const user = await this.store.users.get(id);
    if (!user) throw new PulseboardError(`No user with id ${id}`, 404, 'not_found');
    if (patch.name !== undefined && (!patch.name.trim() || patch.name.length > 100))
      throw new PulseboardError('name must be 1–100 characters', 400, 'bad_name');
    if (patch.role !== undefined && !ROLES.includes(patch.role))
      throw new PulseboardError(`role must be one of ${ROLES.join(', ')}`, 400);
    if (patch.password !== undefined) validatePassword(patch.password);
    const losesAdmin =
      user.role === 'admin' &&
      !user.disabled &&
      ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin && (await this.store.users.countActiveAdmins()) <= 1)
      throw new PulseboardError(
        `"${user.login}" is the last active admin: make another user admin first`,
        409,
        'last_admin',
      );
    const updated = await this.store.users.update(
      id,
      {
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
      },
      this.now(),
    );
    if (!updated) throw new PulseboardError(`No user with id ${id}`, 404, 'not_found');
    if (patch.disabled === true || patch.password !== undefined) {
      const sessionHashes = await this.store.sessions.deleteForUser(id);
      this.events.emit('revoke', { userId: id, sessionHashes });
    } else if (patch.role !== undefined && patch.role !== user.role) {
      // Requests see the new role at once; open sockets are re-opened so that they do too.
      this.events.emit('revoke', { userId: id, reconnect: true });
    }
    const changes: Record<string, unknown> = {};
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.role !== undefined) changes.role = patch.role;
    if (patch.disabled !== undefined) changes.disabled = patch.disabled;
    if (patch.password !== undefined) changes.passwordReset = true;
    await this.audit('user.updated', by, user.login, changes);
    return publicUser(updated);
  }

  /** A user changes their own password: the current one is checked; their other sessions end. */
  async changeOwnPassword(p: Principal, current: string, next: string, ip: string): Promise<void> {
    if (p.kind !== 'user' || p.userId === undefined)
      throw new PulseboardError('Log in to change your password', 401, 'unauthorized');
    const user = await this.store.users.get(p.userId);
    if (!user) throw new PulseboardError('Log in to change your password', 401, 'unauthorized');
    if (typeof current !== 'string' || !(await verifyPassword(user.passwordHash, current))) {
      await this.audit('password.change_failed', { principal: p, ip }, user.login, {});
      throw new PulseboardError('The current password is wrong', 400, 'bad_credentials');
    }
    validatePassword(next, 'newPassword');
    await this.store.users.update(user.id, { passwordHash: await hashPassword(next) }, this.now());
    // The session that changed the password stays; every other one ends.
    const ended = await this.store.sessions.deleteForUser(user.id, p.sessionHash);
    if (ended.length) this.events.emit('revoke', { sessionHashes: ended });
    await this.audit('password.changed', { principal: p, ip }, user.login, { otherSessionsEnded: ended.length });
  }

  /**
   * First start: with no admin account at all, create `admin` with `PULSEBOARD_ADMIN_PASSWORD`, or a generated
   * password that is returned (the caller prints it once).
   */
  async ensureAdmin(password: string | undefined): Promise<{ login: string; password?: string } | undefined> {
    const users = await this.store.users.list();
    if (users.some((u) => u.role === 'admin')) return undefined;
    const generated = password ? undefined : newPassword();
    const pw = password ?? generated!;
    validatePassword(pw, 'PULSEBOARD_ADMIN_PASSWORD');
    const login = users.some((u) => u.login === 'admin') ? `admin-${Date.now().toString(36)}` : 'admin';
    await this.store.users.create(
      { login, name: 'Administrator', role: 'admin', passwordHash: await hashPassword(pw) },
      this.now(),
    );
    await this.audit('user.created', { principal: { kind: 'anonymous' }, ip: 'local' }, login, {
      role: 'admin',
      firstRun: true,
      passwordFrom: generated ? 'generated' : 'PULSEBOARD_ADMIN_PASSWORD',
    });
    return { login, password: generated };
  }

  // ---- API tokens ----------------------------------------------------------------------------------------------

  async listTokens(): Promise<PublicToken[]> {
    return (await this.store.tokens.list()).map(publicToken);
  }

  async createToken(
    input: { name: string; role: Role; expiresAt?: number | null },
    by: Actor,
  ): Promise<PublicToken & { token: string }> {
    const name = String(input.name ?? '').trim();
    if (!name || name.length > 100) throw new PulseboardError('name must be 1–100 characters', 400, 'bad_name');
    if (!ROLES.includes(input.role)) throw new PulseboardError(`role must be one of ${ROLES.join(', ')}`, 400);
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt !== null && expiresAt <= this.now())
      throw new PulseboardError('expiresAt must be in the future', 400, 'bad_expiry');
    const token = newApiToken();
    const t = await this.store.tokens.create(
      { name, role: input.role, tokenHash: sha256(token), createdBy: by.principal.userId ?? null, expiresAt },
      this.now(),
    );
    await this.audit('token.created', by, name, {
      id: t.id,
      role: t.role,
      expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
    });
    return { ...publicToken(t), token };
  }

  async revokeToken(id: number, by: Actor): Promise<PublicToken> {
    const t = await this.store.tokens.revoke(id, this.now());
    if (!t) throw new PulseboardError(`No API token with id ${id}`, 404, 'not_found');
    this.events.emit('revoke', { tokenId: id });
    await this.audit('token.revoked', by, t.name, { id });
    return publicToken(t);
  }

  // ---- Audit ---------------------------------------------------------------------------------------------------

  async audit(type: string, by: Actor, subject: string | null, detail: Record<string, unknown>): Promise<void> {
    await this.store.audit.append({
      at: this.now(),
      type,
      actor: actorName(by.principal),
      subject,
      ip: by.ip,
      detail,
    });
  }
}
