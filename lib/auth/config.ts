import { parseDuration } from '../sql/time-grains';

type Env = Record<string, string | undefined>;

export interface AuthConfig {
  /** Anonymous visitors get the viewer role. */
  anonymous: boolean;
  /** Why anonymous viewing is on or off, for the start log. */
  anonymousReason: string;
  /** A session unused this long ends (ms). */
  idleMs: number;
  /** A session ends this long after login whatever its use (ms). */
  maxAgeMs: number;
  /** Failed logins per account before it locks, and for how long. */
  accountMaxFailures: number;
  /** Failed logins per client address before it is refused, and for how long. */
  addressMaxFailures: number;
  /** Failures are counted over this window (ms); a lock lasts `lockMs`. */
  failureWindowMs: number;
  lockMs: number;
  /** The public URL (`PULSEBOARD_PUBLIC_URL`), when set: its origin is accepted and `https` marks cookies Secure. */
  publicUrl?: URL;
  /** Peers whose `X-Forwarded-For`/`-Proto`/`-Host` are believed (`PULSEBOARD_TRUSTED_PROXIES`, exact addresses). */
  trustedProxies: Set<string>;
  /** `PULSEBOARD_ADMIN_TOKEN`: a bootstrap credential with the admin role (create users and tokens, then drop it). */
  bootstrapToken?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function ms(env: Env, name: string, fallback: string): number {
  const v = env[name] || fallback;
  try {
    return parseDuration(v) * 1000;
  } catch {
    throw new Error(`${name}=${JSON.stringify(v)} is not a duration (e.g. 30m, 12h, 7d)`);
  }
}

function count(env: Env, name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${JSON.stringify(v)} must be a whole number ≥ 1`);
  return n;
}

/**
 * Accounts' settings from the environment. Defaults follow Grafana: sessions end after 7 days unused or 30 days
 * after login; five wrong passwords in 5 minutes lock an account for 5 minutes. Anonymous viewing is on while
 * the server listens only on loopback, so a fresh `npm start` opens straight onto the dashboards, and off as soon
 * as `HOST` lets anyone else in, unless `PULSEBOARD_ANONYMOUS` says otherwise.
 */
export function authConfigFromEnv(env: Env): AuthConfig {
  const host = env.HOST || '127.0.0.1';
  const setting = env.PULSEBOARD_ANONYMOUS?.trim().toLowerCase();
  if (setting && setting !== 'viewer' && setting !== 'off') {
    throw new Error(`PULSEBOARD_ANONYMOUS=${JSON.stringify(env.PULSEBOARD_ANONYMOUS)} must be "viewer" or "off"`);
  }
  const anonymous = setting ? setting === 'viewer' : isLoopbackHost(host);
  const anonymousReason = setting
    ? `PULSEBOARD_ANONYMOUS=${setting}`
    : anonymous
      ? `HOST=${host} is loopback only; set PULSEBOARD_ANONYMOUS=off to require a login`
      : `HOST=${host} is reachable from other machines; set PULSEBOARD_ANONYMOUS=viewer to allow it`;
  let publicUrl: URL | undefined;
  if (env.PULSEBOARD_PUBLIC_URL) {
    try {
      publicUrl = new URL(env.PULSEBOARD_PUBLIC_URL);
    } catch {
      throw new Error(`PULSEBOARD_PUBLIC_URL=${JSON.stringify(env.PULSEBOARD_PUBLIC_URL)} is not a URL`);
    }
  }
  return {
    anonymous,
    anonymousReason,
    idleMs: ms(env, 'PULSEBOARD_SESSION_IDLE', '7d'),
    maxAgeMs: ms(env, 'PULSEBOARD_SESSION_MAX_AGE', '30d'),
    accountMaxFailures: count(env, 'PULSEBOARD_LOGIN_MAX_FAILURES', 5),
    addressMaxFailures: count(env, 'PULSEBOARD_LOGIN_MAX_FAILURES_PER_ADDRESS', 50),
    failureWindowMs: ms(env, 'PULSEBOARD_LOGIN_FAILURE_WINDOW', '5m'),
    lockMs: ms(env, 'PULSEBOARD_LOGIN_LOCK', '5m'),
    publicUrl,
    trustedProxies: new Set(
      (env.PULSEBOARD_TRUSTED_PROXIES ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    bootstrapToken: env.PULSEBOARD_ADMIN_TOKEN || undefined,
  };
}
