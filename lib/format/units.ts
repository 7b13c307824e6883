/**
 * Display units, Grafana's ids (`celsius`, `percent`, `currencyUSD`, `short`…) mapped to a prefix/suffix and a
 * scaling rule. Pure functions: used by every panel, the table and the chart axes.
 */

interface UnitSpec {
  prefix?: string;
  suffix?: string;
  /** `short` scales by thousands (1.2K, 3.4M); `none` prints the number as is. */
  scale: 'short' | 'none';
  /** Multiplier applied before formatting (`percentunit` stores 0-1). */
  factor?: number;
}

const UNITS: Record<string, UnitSpec> = {
  none: { scale: 'none' },
  short: { scale: 'short' },
  celsius: { suffix: ' °C', scale: 'none' },
  fahrenheit: { suffix: ' °F', scale: 'none' },
  percent: { suffix: '%', scale: 'none' },
  humidity: { suffix: '%', scale: 'none' },
  percentunit: { suffix: '%', scale: 'none', factor: 100 },
  currencyUSD: { prefix: '$', scale: 'short' },
  currencyEUR: { prefix: '€', scale: 'short' },
  ms: { suffix: ' ms', scale: 'none' },
  s: { suffix: ' s', scale: 'none' },
  reqps: { suffix: ' req/s', scale: 'short' },
  ops: { suffix: ' ops/s', scale: 'short' },
};

/** Unit ids this build formats (the panel editor offers them; any other id prints as a suffix). */
export const UNIT_IDS: readonly string[] = Object.keys(UNITS);

const SHORT_STEPS: ReadonlyArray<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'K'],
];

export interface FormatOptions {
  /** Grafana unit id; unknown ids are printed as a suffix. */
  unit?: string;
  /** Fixed number of decimals; automatic when undefined. */
  decimals?: number;
}

/** Number of decimals Grafana-like auto formatting uses for a value of this magnitude. */
function autoDecimals(value: number): number {
  const abs = Math.abs(value);
  if (Number.isInteger(value) || abs >= 1000) return 0;
  if (abs >= 100) return 1;
  if (abs >= 1) return 2;
  return 3;
}

/** `1234.5` → `1,234.5`; fixed decimals keep trailing zeros, automatic ones trim them. */
export function formatNumber(value: number, decimals?: number): string {
  const fixed = decimals !== undefined;
  const digits = fixed ? decimals : autoDecimals(value);
  const out = value.toLocaleString('en-US', {
    minimumFractionDigits: fixed ? digits : 0,
    maximumFractionDigits: digits,
  });
  return out === '-0' ? '0' : out;
}

/** `1234` → `1.2K`, `3_400_000` → `3.4M`; below 1000 the number is printed as is. */
export function shortNumber(value: number, decimals?: number): string {
  const abs = Math.abs(value);
  for (const [step, suffix] of SHORT_STEPS) {
    if (abs >= step) {
      const scaled = value / step;
      const digits = decimals ?? (Math.abs(scaled) >= 100 ? 0 : 1);
      return `${formatNumber(scaled, digits).replace(/\.0+$/, '')}${suffix}`;
    }
  }
  return formatNumber(value, decimals);
}

/** Coerce a frame value (number, exact-decimal string, null) to a finite number or null. */
export function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Format a value with its unit: `21.5 °C`, `45%`, `$1.2K`, `1.2M`. `null` and non-numbers print `-`. */
export function formatValue(value: unknown, opts: FormatOptions = {}): string {
  const n = toNumber(value);
  if (n === null) return '-';
  const spec = opts.unit ? UNITS[opts.unit] : undefined;
  if (!spec) {
    const text = formatNumber(n, opts.decimals);
    return opts.unit ? `${text} ${opts.unit}` : text;
  }
  const scaled = n * (spec.factor ?? 1);
  const text = spec.scale === 'short' ? shortNumber(scaled, opts.decimals) : formatNumber(scaled, opts.decimals);
  const sign = text.startsWith('-') && spec.prefix ? '-' : '';
  const body = sign ? text.slice(1) : text;
  return `${sign}${spec.prefix ?? ''}${body}${spec.suffix ?? ''}`;
}

/** Axis-label variant: same unit, fewer decimals (ECharts picks round tick values). */
export function formatAxisValue(value: number, unit?: string): string {
  // Scaled units keep a decimal so 1200 and 1400 do not both print as 1K.
  const scaled = unit !== undefined && UNITS[unit]?.scale === 'short' && Math.abs(value) >= 1000;
  return formatValue(value, { unit, decimals: Number.isInteger(value) && !scaled ? 0 : undefined });
}

/** Whether a unit is a 0–100 percentage (gauges default to that scale). */
export function isPercentUnit(unit?: string): boolean {
  return unit === 'percent' || unit === 'humidity';
}

/** Smallest 1/2/2.5/5 × 10^k at or above a positive value (gauge auto max); 0 and negatives give 1. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    if (candidate >= value * (1 - 1e-12)) return Number(candidate.toPrecision(12));
  }
  return 10 * magnitude;
}
