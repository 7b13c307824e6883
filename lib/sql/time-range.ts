/**
 * Grafana time ranges on the server: date math (`now-6h`, `now/d`, `now-1d/d`), epoch milliseconds and ISO-8601,
 * all evaluated in UTC, plus Grafana's `$__interval` calculation.
 */
import { PulseboardError } from '../errors';
import { formatDuration, parseDuration } from './time-grains';

type MathUnit = 'y' | 'Q' | 'M' | 'w' | 'd' | 'h' | 'm' | 's';

const FIXED_MS: Partial<Record<MathUnit, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const MONTHS: Partial<Record<MathUnit, number>> = { y: 12, Q: 3, M: 1 };
const MAX_RANGE_YEARS = 5;

const MATH_STEP = /([+-])(\d{0,9})([yQMwdhms])|\/([yQMwdhms])/y;
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function badRange(message: string): PulseboardError {
  return new PulseboardError(message, 400, 'bad_range');
}

function shown(expr: string): string {
  return expr.length > 64 ? `${expr.slice(0, 64)}…` : expr;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Add calendar months, clamping the day to the target month's length (Jan 31 + 1M = Feb 28/29). */
function addMonths(d: Date, months: number): Date {
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const out = new Date(d);
  out.setUTCFullYear(year, month, Math.min(d.getUTCDate(), daysInMonth(year, month)));
  return out;
}

function addUnits(d: Date, n: number, unit: MathUnit): Date {
  const fixed = FIXED_MS[unit];
  return fixed ? new Date(d.getTime() + n * fixed) : addMonths(d, n * (MONTHS[unit] as number));
}

/** Start of the UTC unit containing `d`; weeks start on Monday (ISO). */
function startOf(d: Date, unit: MathUnit): Date {
  if (unit === 's' || unit === 'm' || unit === 'h' || unit === 'd') {
    const size = FIXED_MS[unit] as number;
    return new Date(Math.floor(d.getTime() / size) * size);
  }
  const day = startOf(d, 'd');
  if (unit === 'w') return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
  const span = MONTHS[unit] as number;
  const month = d.getUTCMonth() - (d.getUTCMonth() % span);
  return new Date(Date.UTC(d.getUTCFullYear(), month, 1));
}

function endOf(d: Date, unit: MathUnit): Date {
  return new Date(addUnits(startOf(d, unit), 1, unit).getTime() - 1);
}

/** Apply Grafana date math (`-6h`, `+1d/d`, `/w`) to `anchor`; undefined when the text is not date math. */
function applyMath(anchor: Date, math: string, roundUp: boolean): Date | undefined {
  let d = anchor;
  MATH_STEP.lastIndex = 0;
  while (MATH_STEP.lastIndex < math.length) {
    const m = MATH_STEP.exec(math);
    if (!m) return undefined;
    if (m[4]) d = roundUp ? endOf(d, m[4] as MathUnit) : startOf(d, m[4] as MathUnit);
    else d = addUnits(d, (m[1] === '-' ? -1 : 1) * (m[2] ? Number(m[2]) : 1), m[3] as MathUnit);
  }
  return d;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone[0] === '-' ? -minutes : minutes;
}

/** ISO-8601 date or date-time; no zone means UTC. Undefined when malformed or not a real calendar date. */
export function parseIso(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const ms = Number((m[7] ?? '').slice(0, 3).padEnd(3, '0'));
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  date.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return new Date(date.getTime() - offsetMinutes(m[8]) * 60_000);
}

/** Epoch milliseconds (a digit string) or ISO-8601. */
function parseAbsolute(text: string): Date | undefined {
  const date = /^\d{1,15}$/.test(text) ? new Date(Number(text)) : parseIso(text);
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

/**
 * Parse a Grafana time expression in UTC: `now`, `now-6h`, `now+5m`, `now/d`, `now-1d/d` (units y Q M w d h m s;
 * `m` minutes, `M` months; weeks start Monday), epoch milliseconds (`1704067200000`), ISO-8601
 * (`2024-01-01`, `2024-01-01T10:00:00Z`, `2024-01-01 10:00:00+02:00`; no zone means UTC), or an anchored form
 * `2024-01-01||+1d/d`. Rounding (`/d`) goes to the start of the unit, or to its last millisecond when `roundUp`
 * (use it for the `to` side). Throws PulseboardError(400, 'bad_range') when unparsable.
 */
export function parseTimeExpr(expr: string, now: Date, roundUp = false): Date {
  const text = String(expr ?? '').trim();
  const bar = text.indexOf('||');
  const isNow = text.startsWith('now');
  const anchor = isNow ? now : parseAbsolute(bar === -1 ? text : text.slice(0, bar));
  const math = isNow ? text.slice(3) : bar === -1 ? '' : text.slice(bar + 2);
  const date = anchor && applyMath(anchor, math, roundUp);
  if (!date || Number.isNaN(date.getTime())) {
    throw badRange(`Invalid time "${shown(text)}": use now, now-6h, now/d, now-1d/d, epoch milliseconds or ISO-8601`);
  }
  return date;
}

/**
 * Resolve a raw Grafana range (`{from: 'now-6h', to: 'now'}`) against `now`. `to` rounds up (`now/d` ends at
 * 23:59:59.999). Throws PulseboardError(400, 'bad_range') for unparsable expressions, `from >= to`, or a range
 * longer than 5 years.
 */
export function resolveTimeRange(raw: { from: string; to: string }, now = new Date()): { from: Date; to: Date } {
  const from = parseTimeExpr(raw.from, now, false);
  const to = parseTimeExpr(raw.to, now, true);
  if (from.getTime() >= to.getTime()) {
    throw badRange(
      `Time range start "${shown(raw.from)}" (${from.toISOString()}) must be before its end "${shown(raw.to)}" (${to.toISOString()})`,
    );
  }
  if (to.getTime() > addUnits(from, MAX_RANGE_YEARS, 'y').getTime()) {
    throw badRange(`Time range "${shown(raw.from)}" to "${shown(raw.to)}" is longer than ${MAX_RANGE_YEARS} years`);
  }
  return { from, to };
}

/** A time expression relative to now (`now`, `now-5m`, `now/d`): a range ending in one moves, and live panels follow it. */
export function isMoving(expr: string): boolean {
  return String(expr ?? '')
    .trim()
    .startsWith('now');
}

/**
 * A range as a query resolves it at the instant `clockMs`: `now` rounded up to the second, so every request in the
 * same second renders the same SQL (an HTTP first paint and a live snapshot share one engine run), plus the
 * instant itself as `now`, past which gap filling adds no bucket (one that has not begun).
 */
export function resolveWindow(
  raw: { from: string; to: string },
  clockMs = Date.now(),
): { from: Date; to: Date; now: number } {
  return { ...resolveTimeRange(raw, new Date(Math.ceil(clockMs / 1000) * 1000)), now: clockMs };
}

/** Grafana's `roundInterval` ladder in ms (raw below the threshold → nice value), extended down to 1ms. */
const LADDER: ReadonlyArray<readonly [number, number]> = [
  [1.5, 1],
  [3.5, 2],
  [7.5, 5],
  [15, 10],
  [35, 20],
  [75, 50],
  [150, 100],
  [350, 200],
  [750, 500],
  [1500, 1000],
  [3500, 2000],
  [7500, 5000],
  [12_500, 10_000],
  [17_500, 15_000],
  [25_000, 20_000],
  [45_000, 30_000],
  [90_000, 60_000],
  [210_000, 120_000],
  [450_000, 300_000],
  [750_000, 600_000],
  [1_050_000, 900_000],
  [1_500_000, 1_200_000],
  [2_700_000, 1_800_000],
  [5_400_000, 3_600_000],
  [9_000_000, 7_200_000],
  [16_200_000, 10_800_000],
  [32_400_000, 21_600_000],
  [86_400_000, 43_200_000],
  [604_800_000, 86_400_000],
  [1_814_400_000, 604_800_000],
  [3_628_800_000, 2_592_000_000],
];
const LADDER_TOP = 31_536_000_000;

function roundInterval(rawMs: number): number {
  return LADDER.find(([below]) => rawMs < below)?.[1] ?? LADDER_TOP;
}

/**
 * Grafana's `$__interval`: `rangeMs / maxDataPoints` rounded to a nice step from a fixed ladder (1ms … 1s, 2s, 5s,
 * 10s, 15s, 20s, 30s, 1m, 2m, 5m, 10m, 15m, 20m, 30m, 1h, 2h, 3h, 6h, 12h, 1d, 1w, 30d, 1y), then raised to
 * `minInterval` (a duration such as `10s`) when that is larger. Like Grafana it rounds to the nearest rung, so a
 * query may return somewhat more than `maxDataPoints` buckets. Always at least 1ms.
 */
export function calculateInterval(
  rangeMs: number,
  maxDataPoints: number,
  minInterval?: string,
): { intervalMs: number; interval: string } {
  const points = Number.isFinite(maxDataPoints) && maxDataPoints >= 1 ? Math.floor(maxDataPoints) : 1;
  const raw = Number.isFinite(rangeMs) && rangeMs > 0 ? rangeMs / points : 0;
  let intervalMs = roundInterval(raw);
  if (minInterval) intervalMs = Math.max(intervalMs, Math.round(parseDuration(minInterval) * 1000));
  intervalMs = Math.max(1, intervalMs);
  return { intervalMs, interval: formatDuration(intervalMs) };
}
