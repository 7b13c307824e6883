import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords, session cookies and API tokens. Passwords: argon2id at OWASP's first recommended cost (19 MiB, two
 * passes, one lane), about 10 ms per hash or check here (10 runs, quiet machine), in libuv's pool so requests keep
 * flowing. Session and API token secrets are 256 random bits, stored only as their SHA-256: a copy of the store cannot log anyone in.
 */

// `algorithm: 2` is the package's const enum Algorithm.Argon2id (a const enum cannot be imported per module).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    // A hash that does not parse (a disabled marker, a damaged row) matches nothing.
    return false;
  }
}

/**
 * A hash to verify against when the login does not exist, so that a wrong login and a wrong password take the
 * same time and an attacker cannot list accounts by timing.
 */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  return dummy;
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** A session cookie's value. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** API tokens carry a prefix so that they are recognisable in a leaked file and by secret scanners. */
export const API_TOKEN_PREFIX = 'pb_';

export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** A generated first admin password: 24 characters from 144 random bits, no look-alike ambiguity needed. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
