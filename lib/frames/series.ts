import type { DataFrame, Field } from './types';
import { toNumber } from '../format/units';

/**
 * Frame → series helpers for panels. Wide frames (time + number fields) give one series per number field; long
 * frames (time + string fields + number fields) are pivoted like Grafana's "multi-frame" conversion into one series
 * per string key × number field, named `sensor-1 temperature`, or just `sensor-1` with a single number field.
 */
export interface Series {
  /** Display name: string key and/or number field name. */
  name: string;
  /** Target the series came from. */
  refId: string;
  /** Number field the values come from. */
  field: string;
  /** String-field values identifying the series in a long frame, in field order. */
  labels: Record<string, string>;
  /** Epoch ms per point; empty when the frame has no time field. */
  times: number[];
  /** Values per point; `null` for SQL NULL or non-numeric. */
  values: (number | null)[];
  /** Unit the engine reported for the field, if any. */
  unit?: string;
  /** Bucket width in ms when the times are `$__timeGroup` bucket starts (the time field's `interval`). */
  interval?: number;
}

/** Latest non-null value of a series. */
export interface LastValue {
  name: string;
  refId: string;
  value: number | null;
  /** Epoch ms of that value when the frame has a time field. */
  time?: number;
  unit?: string;
}

function isNumberField(f: Field): boolean {
  return f.type === 'number';
}

function labelText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

/** Epoch ms of a time value (numbers as sent, numeric strings and ISO strings tolerated). */
export function toTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  if (value instanceof Date) return value.getTime();
  return null;
}

function seriesName(key: string, field: Field, numberFieldCount: number): string {
  if (!key) return field.name;
  return numberFieldCount > 1 ? `${key} ${field.name}` : key;
}

/** Split one frame into series (see module comment). Frames without number fields give none. */
export function frameToSeries(frame: DataFrame): Series[] {
  // A time field with no values at all (an aggregate over an empty range, `max(ts)` is NULL) does not make the
  // frame a time series: its row still carries a value (`count(*)` = 0).
  const timeField = frame.fields.find((f) => f.type === 'time' && f.values.some((v) => toTime(v) !== null));
  const stringFields = frame.fields.filter((f) => f.type === 'string');
  const numberFields = frame.fields.filter(isNumberField);
  if (!numberFields.length) return [];
  const byKey = new Map<string, Series>();
  const order: Series[] = [];
  for (let row = 0; row < frame.length; row++) {
    const parts = stringFields.map((f) => labelText(f.values[row]));
    const key = parts.filter(Boolean).join(' ');
    const time = timeField ? toTime(timeField.values[row]) : null;
    if (timeField && time === null) continue;
    for (const field of numberFields) {
      const id = `${key}\u0000${field.name}`;
      let s = byKey.get(id);
      if (!s) {
        const labels = Object.fromEntries(stringFields.map((f, i) => [f.name, parts[i]]));
        s = {
          name: seriesName(key, field, numberFields.length),
          refId: frame.refId,
          field: field.name,
          labels,
          times: [],
          values: [],
          unit: field.unit,
        };
        if (timeField?.interval) s.interval = timeField.interval;
        byKey.set(id, s);
        order.push(s);
      }
      if (time !== null) s.times.push(time);
      s.values.push(toNumber(field.values[row]));
    }
  }
  if (!order.length && frame.length === 0) {
    return numberFields.map((field) => ({
      name: field.name,
      refId: frame.refId,
      field: field.name,
      labels: {},
      times: [],
      values: [],
      unit: field.unit,
    }));
  }
  return order;
}

/**
 * Index of the first point whose bucket is still filling at `now` (its start plus the bucket width is after now),
 * or the series length when none is: the points from there on are partial and drawn as such.
 */
export function partialFrom(times: number[], interval: number | undefined, now: number): number {
  if (!interval) return times.length;
  let i = times.length;
  while (i > 0 && times[i - 1] + interval > now) i--;
  return i;
}

/** Series of every frame, in frame order. */
export function framesToSeries(frames: DataFrame[]): Series[] {
  return frames.flatMap(frameToSeries);
}

/** Latest non-null value of each series across the frames (Grafana's "last *" reducer). */
export function lastValues(frames: DataFrame[]): LastValue[] {
  return framesToSeries(frames).map((s) => {
    for (let i = s.values.length - 1; i >= 0; i--) {
      const value = s.values[i];
      if (value !== null) {
        return { name: s.name, refId: s.refId, value, time: s.times.length ? s.times[i] : undefined, unit: s.unit };
      }
    }
    return { name: s.name, refId: s.refId, value: null, unit: s.unit };
  });
}

/** Newest epoch ms of any time field across the frames; undefined when none has a time value. */
export function lastTime(frames: DataFrame[]): number | undefined {
  let newest: number | undefined;
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.type !== 'time') continue;
      for (const v of field.values) {
        const t = toTime(v);
        if (t !== null && (newest === undefined || t > newest)) newest = t;
      }
    }
  }
  return newest;
}

/** Total rows across the frames. */
export function totalRows(frames: DataFrame[]): number {
  return frames.reduce((sum, f) => sum + f.length, 0);
}
