/**
 * Durations and ISO time grains: Grafana interval strings (`5m`, `1h`), ISO-8601 durations (`PT5M`) and the
 * `TimeGrain` keys dialects render. Calendar units are approximated by fixed lengths: a month (`1M`, `P1M`) is
 * 30 days and a year (`1y`, `P1Y`) 365 days, as Grafana's interval ladder does; calendar-exact buckets go through
 * `SqlDialect.timeBucket` with a grain instead.
 */
import { PulseboardError } from '../errors';
import type { TimeGrain } from './types';

/** Seconds per Grafana interval unit. `M` is a 30-day month, `y` a 365-day year. */
const GRAFANA_UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86_400,
  w: 604_800,
  M: 2_592_000,
  y: 31_536_000,
};

/** Seconds per ISO-8601 designator, date part then time part. */
const ISO_DATE_UNITS = [31_536_000, 2_592_000, 604_800, 86_400] as const;
const ISO_TIME_UNITS = [3600, 60, 1] as const;

const GRAFANA_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|M|y)?$/;
const NUM = '(\\d+(?:[.,]\\d+)?)';
const ISO_RE = new RegExp(
  `^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);

/** Length in seconds of each ISO grain (months 30 days, quarters 90, years 365). */
export const GRAIN_SECONDS: Readonly<Record<TimeGrain, number>> = {
  PT1S: 1,
  PT5S: 5,
  PT10S: 10,
  PT15S: 15,
  PT30S: 30,
  PT1M: 60,
  PT5M: 300,
  PT10M: 600,
  PT15M: 900,
  PT30M: 1800,
  PT1H: 3600,
  PT6H: 21_600,
  PT12H: 43_200,
  P1D: 86_400,
  P1W: 604_800,
  P1M: 2_592_000,
  P3M: 7_776_000,
  P1Y: 31_536_000,
};

const GRAIN_BY_SECONDS = new Map<number, TimeGrain>(
  Object.entries(GRAIN_SECONDS).map(([grain, sec]) => [sec, grain as TimeGrain]),
);

function badDuration(s: string): PulseboardError {
  const shown = s.length > 64 ? `${s.slice(0, 64)}…` : s;
  return new PulseboardError(
    `Invalid duration "${shown}": use a positive Grafana interval (500ms, 30s, 5m, 1h, 1d, 1w, 1M, 1y) or ISO-8601 (PT5M, P1D)`,
    400,
    'bad_duration',
  );
}

function parseIso(s: string): number | undefined {
  const m = ISO_RE.exec(s.toUpperCase());
  if (!m || s.toUpperCase().endsWith('T')) return undefined;
  const units = [...ISO_DATE_UNITS, ...ISO_TIME_UNITS];
  let total = 0;
  let seen = false;
  units.forEach((unit, i) => {
    const part = m[i + 1];
    if (part === undefined) return;
    seen = true;
    total += Number(part.replace(',', '.')) * unit;
  });
  return seen ? total : undefined;
}

/**
 * Parse a duration to seconds: Grafana intervals (`500ms` → 0.5, `30s`, `5m`, `1h`, `1d`, `1w`, `1M` = 30 days,
 * `1y` = 365 days, a bare number = seconds) or ISO-8601 durations (`PT5M`, `P1D`, `P1M` = 30 days, `PT0.5S`).
 * Throws PulseboardError(400, 'bad_duration') naming the input when it is malformed or not positive.
 */
export function parseDuration(s: string): number {
  const text = String(s ?? '').trim();
  const grafana = GRAFANA_RE.exec(text);
  const seconds = grafana
    ? Number(grafana[1]) * GRAFANA_UNITS[grafana[2] ?? 's']
    : /^p/i.test(text)
      ? parseIso(text)
      : undefined;
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) throw badDuration(text);
  return Math.round(seconds * 1000) / 1000;
}

/** The ISO grain whose length is exactly `sec` seconds (`300` → `PT5M`), or undefined. */
export function secondsToGrain(sec: number): TimeGrain | undefined {
  return GRAIN_BY_SECONDS.get(sec);
}

const FORMAT_UNITS: ReadonlyArray<[string, number]> = [
  ['y', 31_536_000_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * Grafana-style interval text for a duration in milliseconds, using the largest unit that divides it exactly
 * (`300000` → `5m`, `90000` → `90s`, `200` → `200ms`, `604800000` → `7d`). Round-trips through `parseDuration`.
 */
export function formatDuration(ms: number): string {
  const whole = Math.round(ms);
  if (!Number.isFinite(whole) || whole <= 0) return '0ms';
  const unit = FORMAT_UNITS.find(([, size]) => whole % size === 0);
  return unit ? `${whole / unit[1]}${unit[0]}` : `${whole}ms`;
}
