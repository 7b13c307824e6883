/**
 * Grafana's SQL result conventions (its MySQL and PostgreSQL data sources), applied to every target's frame so
 * that queries written for Grafana read the same here:
 * - A numeric column named `time` is the time column, its numbers epoch times read by their size as Grafana reads
 *   them: about 1e9 seconds, 1e15 microseconds, 1e18 nanoseconds, anything else milliseconds. A numeric `time_sec`
 *   column is the time column in epoch seconds, whatever its size (Grafana 4's name for it).
 * - In `time_series` format a column named `metric` names the series: its values are labels (a number there
 *   becomes its text), so `SELECT time, metric, value` draws one series per metric value, named by it. Frames stay
 *   long on the wire (the live path keys rows by time and labels); panels pivot them into series (`frameToSeries`).
 */
import type { DataFrame, Field } from './types';

/** Milliseconds per unit, by the decimal exponent of an epoch value (Grafana's reading); other sizes are ms. */
const UNIT_BY_EXPONENT: Readonly<Record<number, 's' | 'us' | 'ns'>> = { 9: 's', 15: 'us', 18: 'ns' };

/** A numeric value (number, or the exact decimal text the drivers send past 2^53) as epoch ms. */
function toEpochMs(v: unknown, seconds: boolean): number | null {
  if (typeof v !== 'number' && typeof v !== 'string') return null;
  const n = Number(v);
  if (!Number.isFinite(n)) return null;
  const unit = seconds ? 's' : UNIT_BY_EXPONENT[Number(n.toExponential().split('e')[1])];
  if (unit === 's') return Math.round(n * 1000);
  if (unit === undefined) return n;
  // Micro- and nanoseconds pass 2^53: integers are divided exactly, and the milliseconds then fit a double.
  const divisor = unit === 'us' ? 1000n : 1_000_000n;
  return typeof v === 'string' && /^-?\d+$/.test(v) ? Number(BigInt(v) / divisor) : Math.floor(n / Number(divisor));
}

function asTime(field: Field): Field {
  const seconds = field.name === 'time_sec';
  const { exactAsString: _exact, ...rest } = field;
  return { ...rest, type: 'time', values: field.values.map((v) => toEpochMs(v, seconds)) };
}

function asLabel(field: Field): Field {
  const { exactAsString: _exact, unit: _unit, ...rest } = field;
  return { ...rest, type: 'string', values: field.values.map((v) => (v === null || v === undefined ? v : String(v))) };
}

/** The frame with Grafana's `time`/`time_sec` and `metric` columns read as Grafana reads them (see module comment). */
export function applySqlConventions(frame: DataFrame, format: 'time_series' | 'table'): DataFrame {
  const timeAt = frame.fields.findIndex((f) => f.name === 'time' || f.name === 'time_sec');
  const metricAt = format === 'time_series' ? frame.fields.findIndex((f) => f.name === 'metric') : -1;
  const numericTime = timeAt >= 0 && frame.fields[timeAt].type === 'number';
  const numericMetric = metricAt >= 0 && ['number', 'boolean'].includes(frame.fields[metricAt].type);
  if (!numericTime && !numericMetric) return frame;
  const fields = frame.fields.map((f, i) =>
    i === timeAt && numericTime ? asTime(f) : i === metricAt && numericMetric ? asLabel(f) : f,
  );
  return { ...frame, fields };
}
