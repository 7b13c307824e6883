import type { FieldPacket, PoolConnection } from 'mysql2/promise';
import { toExactNumber } from '../frames/data-frame';
import { PulseboardError } from '../errors';
import type { FieldType } from '../frames/types';

/** Value and error mapping for the MySQL-protocol engines (MySQL, MariaDB, StarRocks). */

// mysql2 column type codes (mysql2 `Types`).
const TIME = new Set([7, 10, 12, 14]);
const NUMBER = new Set([0, 1, 2, 3, 4, 5, 8, 9, 13, 246]);
const DATETIME_TEXT = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)?$/;

/** `YYYY-MM-DD[ HH:MM:SS[.ffffff]]` read as UTC: sessions run in UTC, whatever the Node process zone is. */
function utcMillis(text: string): number {
  const [d, t = '00:00:00'] = text.split(/[ T]/);
  const [Y, M, D] = d.split('-').map(Number);
  const [h, m, s] = t.split(':');
  return Date.UTC(Y, M - 1, D, Number(h), Number(m), 0) + Math.round(Number(s) * 1000);
}

export function columnType(f: FieldPacket, values: unknown[]): FieldType {
  const code = f.columnType ?? f.type ?? 253;
  if (TIME.has(code)) return 'time';
  if (NUMBER.has(code)) return 'number';
  // StarRocks' from_unixtime returns VARCHAR: a `time` column of datetime text is still time.
  if (
    f.name.toLowerCase() === 'time' &&
    values.every((v) => v === null || (typeof v === 'string' && DATETIME_TEXT.test(v)))
  )
    return 'time';
  return 'string';
}

export function convert(v: unknown, type: FieldType): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'time') return typeof v === 'string' ? utcMillis(v) : v instanceof Date ? v.getTime() : null;
  if (type === 'number') return toExactNumber(v as string | number);
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
}

export function isDead(conn: PoolConnection): boolean {
  const c = conn.connection as unknown as {
    _fatalError?: unknown;
    _closing?: boolean;
    stream?: { destroyed?: boolean };
  };
  return !!(c._fatalError || c._closing || c.stream?.destroyed);
}

/** Readable engine errors: connection refused, access denied and timeouts name themselves. */
export function toEngineError(err: unknown, where: string): PulseboardError {
  const e = err as { code?: string; errno?: number; message?: string };
  const msg = e.message || String(err);
  if (
    e.code === 'ECONNREFUSED' ||
    e.code === 'ENOTFOUND' ||
    e.code === 'ETIMEDOUT' ||
    e.code === 'PROTOCOL_CONNECTION_LOST'
  ) {
    return new PulseboardError(`Cannot reach ${where}: ${msg}`, 502, 'datasource_unreachable');
  }
  if (e.errno === 1045 || e.errno === 1044 || e.errno === 1698)
    return new PulseboardError(`${where} refused the credentials: ${msg}`, 502, 'datasource_auth');
  if (e.errno === 1969 || e.errno === 3024 || /time ?out/i.test(msg))
    return new PulseboardError(`${where}: query timed out on the engine: ${msg}`, 504, 'timeout');
  return new PulseboardError(`${where}: ${msg}`, 400, 'query_failed');
}
