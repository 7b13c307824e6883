import type { DataFrame, Field } from '../datasources/types';
import type { FrameChange } from '../query/protocol';

/**
 * Pure frame merging shared by the live hub (server state) and the browser (client state), so both hold the same
 * rows by construction. No server-only imports here.
 */

/** Row key: time value plus every string field (the series a long-format row belongs to). */
export function rowKeys(frame: DataFrame): string[] {
  return keysAt(frame, [...Array(frame.length).keys()]);
}

function keysAt(frame: DataFrame, rows: number[]): string[] {
  const keyFields = frame.fields.filter((f) => f.type === 'time' || f.type === 'string');
  return rows.map((i) => keyFields.map((f) => String(f.values[i])).join('\u0000'));
}

export function sameSchema(a: DataFrame, b: DataFrame): boolean {
  return a.fields.length === b.fields.length && a.fields.every((f, i) => f.name === b.fields[i].name && f.type === b.fields[i].type);
}

function timeIndex(frame: DataFrame): number {
  return frame.fields.findIndex((f) => f.type === 'time');
}

function emptyLike(frame: DataFrame): DataFrame {
  return { ...frame, fields: frame.fields.map((f) => ({ ...f, values: [] })), length: 0 };
}

/** Smallest time, or NaN when any value is not a number (every row must then be compared). */
function minTime(values: unknown[]): number {
  let min = Infinity;
  for (const v of values) {
    if (typeof v !== 'number') return NaN;
    if (v < min) min = v;
  }
  return min;
}

/**
 * Key → row index of the rows of `frame` that can share a key with a row of `other`: with a time field, only rows
 * at or after `other`'s oldest time (a live tail touches the newest rows), found by comparing numbers, so a tick
 * costs what its tail costs rather than what the whole range holds.
 */
function keyIndex(frame: DataFrame, other: DataFrame): Map<string, number> {
  const ti = timeIndex(frame);
  let rows = [...Array(frame.length).keys()];
  if (ti >= 0 && other.length) {
    const times = frame.fields[ti].values as number[];
    const oldest = minTime(other.fields[ti].values);
    if (Number.isFinite(oldest)) rows = rows.filter((i) => !(times[i] < oldest));
  }
  const keys = keysAt(frame, rows);
  return new Map(keys.map((k, n) => [k, rows[n]]));
}

/** Rows of `next` that are new or differ from the row with the same key in `prev`. */
export function changedRows(prev: DataFrame, next: DataFrame): DataFrame {
  const old = keyIndex(prev, next);
  const keys = rowKeys(next);
  const out = emptyLike(next);
  for (let i = 0; i < next.length; i++) {
    const j = old.get(keys[i]);
    if (j !== undefined && next.fields.every((f, c) => Object.is(f.values[i], prev.fields[c].values[j]))) continue;
    next.fields.forEach((f, c) => out.fields[c].values.push(f.values[i]));
    out.length++;
  }
  return out;
}

/** Upsert rows by key, keeping the frame sorted by its time field. */
export function upsertRows(base: DataFrame, rows: DataFrame): DataFrame {
  if (!sameSchema(base, rows)) return rows;
  const index = keyIndex(base, rows);
  const fields: Field[] = base.fields.map((f) => ({ ...f, values: f.values.slice() }));
  let length = base.length;
  let appendedOutOfOrder = false;
  const ti = timeIndex(base);
  rowKeys(rows).forEach((k, i) => {
    const at = index.get(k);
    if (at !== undefined) {
      fields.forEach((f, c) => { f.values[at] = rows.fields[c].values[i]; });
      return;
    }
    if (ti >= 0 && length > 0 && (rows.fields[ti].values[i] as number) < (fields[ti].values[length - 1] as number)) appendedOutOfOrder = true;
    fields.forEach((f, c) => f.values.push(rows.fields[c].values[i]));
    index.set(k, length++);
  });
  const merged = { ...base, fields, length };
  return appendedOutOfOrder ? sortByTime(merged, ti) : merged;
}

function sortByTime(frame: DataFrame, ti: number): DataFrame {
  const order = [...Array(frame.length).keys()].sort((a, b) => (frame.fields[ti].values[a] as number) - (frame.fields[ti].values[b] as number));
  return { ...frame, fields: frame.fields.map((f) => ({ ...f, values: order.map((i) => f.values[i]) })) };
}

/** Drop rows whose time is older than `before` (a relative range moving on). */
export function trimBefore(frame: DataFrame, before: number): DataFrame {
  const ti = timeIndex(frame);
  if (ti < 0) return frame;
  const t = frame.fields[ti].values as number[];
  let cut = 0;
  while (cut < frame.length && t[cut] < before) cut++;
  if (cut === 0) return frame;
  return { ...frame, fields: frame.fields.map((f) => ({ ...f, values: f.values.slice(cut) })), length: frame.length - cut };
}

/** Apply a delta's changes (and trim) to a set of frames keyed by refId. */
export function applyChanges(frames: DataFrame[], changes: FrameChange[], trim?: number): DataFrame[] {
  const byRef = new Map(frames.map((f) => [f.refId, f]));
  for (const ch of changes) {
    const cur = byRef.get(ch.refId);
    byRef.set(ch.refId, ch.mode === 'replace' || !cur ? ch.frame : upsertRows(cur, ch.frame));
  }
  const out = [...byRef.values()];
  return trim === undefined ? out : out.map((f) => trimBefore(f, trim));
}
