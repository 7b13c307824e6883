/**
 * Grafana-style time strings for the browser: `now-6h`, `now/d`, epoch ms, ISO-8601. They resolve with the
 * server's parser (UTC date math), so what the picker shows is what the queries use; display is in local time.
 */
import { isMoving, parseTimeExpr } from '../sql/time-range';
import { parseDuration } from '../sql/time-grains';

const UNIT_NAMES: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  M: 'month',
  y: 'year',
};

export interface TimeRange {
  from: string;
  to: string;
}

/**
 * Whether a raw time is relative to now (`now`, `now-5m`, `now/d`, `now-1d/d`): the server's test of a moving
 * range (`isMoving`), for a time its parser accepts.
 */
export function isRelativeTime(raw: string): boolean {
  return isMoving(raw) && resolveTime(raw) !== undefined;
}

/**
 * Epoch ms of a raw time, or undefined when it cannot be parsed: the server's own parser (`lib/sql/time-range`),
 * so the picker shows exactly the range the queries use. `roundUp` rounds `/unit` to the end of the unit.
 */
export function resolveTime(raw: string, now: number = Date.now(), roundUp = false): number | undefined {
  try {
    return parseTimeExpr(raw.trim(), new Date(now), roundUp).getTime();
  } catch {
    return undefined;
  }
}

/** Resolve a raw range to epoch ms bounds; undefined if either bound is unparseable. */
export function resolveRange(range: TimeRange, now: number = Date.now()): { from: number; to: number } | undefined {
  const from = resolveTime(range.from, now, false);
  const to = resolveTime(range.to, now, true);
  return from === undefined || to === undefined ? undefined : { from, to };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `2024-03-05 14:07:09` in local time. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Value for `<input type="datetime-local" step="1">`: `2024-03-05T14:07:09` in local time. */
export function toDateTimeLocal(ms: number): string {
  return formatDateTime(ms).replace(' ', 'T');
}

/** Parse a `datetime-local` value (local time) to epoch ms; undefined when empty or invalid. */
export function fromDateTimeLocal(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s = '0', ms = '0'] = m.slice(1);
  const date = new Date(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Number(ms.padEnd(3, '0')),
  );
  // Reject dates JS silently rolls over (Feb 30 → Mar 2).
  if (date.getMonth() !== Number(mo) - 1 || date.getDate() !== Number(d)) return undefined;
  return date.getTime();
}

/** `now-5m` → `Last 5 minutes`; undefined for anything that is not `now-N<unit>`. */
export function relativeLabel(raw: string): string | undefined {
  const m = /^now-(\d+)([smhdwMy])$/.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return `Last ${n} ${UNIT_NAMES[m[2]]}${n === 1 ? '' : 's'}`;
}

/** Readable range: `Last 6 hours`, `2024-03-05 10:00:00 to 2024-03-05 12:00:00`, or the raw strings. */
export function describeRange(range: TimeRange): string {
  if (range.to.trim() === 'now') {
    const label = relativeLabel(range.from);
    if (label) return label;
  }
  const part = (raw: string) => {
    if (isRelativeTime(raw)) return raw;
    const ms = resolveTime(raw);
    return ms === undefined ? raw : formatDateTime(ms);
  };
  const from = part(range.from);
  const to = part(range.to);
  // Same day: the date once (`2024-03-05 10:00:00 to 12:00:00`).
  const sameDay = /^\d{4}-\d{2}-\d{2} /.test(from) && from.slice(0, 11) === to.slice(0, 11);
  return `${from} to ${sameDay ? to.slice(11) : to}`;
}

/** `5s` → 5000, `1m` → 60000; undefined for empty, `off`, `live` or garbage. */
export function parseIntervalMs(raw: string | undefined): number | undefined {
  if (!raw || !/^\d/.test(raw.trim())) return undefined;
  try {
    return parseDuration(raw.trim()) * 1000;
  } catch {
    return undefined;
  }
}

/**
 * Validate an absolute range typed into two `datetime-local` inputs; returns epoch-ms strings (URL form) or a
 * message for the form.
 */
export function parseAbsoluteRange(from: string, to: string): TimeRange | { error: string } {
  const f = fromDateTimeLocal(from);
  const t = fromDateTimeLocal(to);
  if (f === undefined) return { error: 'Enter a valid "From" date and time.' };
  if (t === undefined) return { error: 'Enter a valid "To" date and time.' };
  if (f >= t) return { error: '"From" must be before "To".' };
  return { from: String(f), to: String(t) };
}
