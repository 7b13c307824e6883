import type { DataFrame, Field } from '../frames/types';
import type { FrameChange } from '../query/protocol';
import { pickRows } from '../frames/data-frame';

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

function sameSchema(a: DataFrame, b: DataFrame): boolean {
  return (
    a.fields.length === b.fields.length &&
    a.fields.every((f, i) => f.name === b.fields[i].name && f.type === b.fields[i].type)
  );
}

function timeIndex(frame: DataFrame): number {
  return frame.fields.findIndex((f) => f.type === 'time');
}

/** A frame with `frame`'s fields and no rows. */
export function emptyLike(frame: DataFrame): DataFrame {
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
      fields.forEach((f, c) => {
        f.values[at] = rows.fields[c].values[i];
      });
      return;
    }
    if (ti >= 0 && length > 0 && (rows.fields[ti].values[i] as number) < (fields[ti].values[length - 1] as number))
      appendedOutOfOrder = true;
    fields.forEach((f, c) => f.values.push(rows.fields[c].values[i]));
    index.set(k, length++);
  });
  const merged = { ...base, fields, length };
  return appendedOutOfOrder ? sortByTime(merged, ti) : merged;
}

function sortByTime(frame: DataFrame, ti: number): DataFrame {
  const order = [...Array(frame.length).keys()].sort(
    (a, b) => (frame.fields[ti].values[a] as number) - (frame.fields[ti].values[b] as number),
  );
  return { ...frame, fields: frame.fields.map((f) => ({ ...f, values: order.map((i) => f.values[i]) })) };
}

/** Time of row `i` when it is a finite number, else NaN. */
function timeAt(frame: DataFrame, ti: number, i: number): number {
  const v = frame.fields[ti].values[i];
  return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
}

/** `lo <= t < hi`, an absent bound being open; a row without a finite time is inside only the unbounded range. */
function inRange(t: number, lo?: number, hi?: number): boolean {
  if (Number.isNaN(t)) return lo === undefined && hi === undefined;
  return (lo === undefined || t >= lo) && (hi === undefined || t < hi);
}

function isAscending(frame: DataFrame, ti: number): boolean {
  for (let i = 1; i < frame.length; i++) if (!(timeAt(frame, ti, i - 1) <= timeAt(frame, ti, i))) return false;
  return true;
}

/**
 * Make `rows` the rows of `base` whose time is in `[lo, hi)`: rows there that `rows` lacks are dropped. Without
 * bounds the result is `rows` as they are (the engine's order); otherwise it is sorted by time.
 */
export function replaceRange(base: DataFrame, rows: DataFrame, lo?: number, hi?: number): DataFrame {
  if (lo === undefined && hi === undefined) return rows;
  const ti = timeIndex(base);
  if (ti < 0 || !sameSchema(base, rows)) return rows;
  const kept = [...Array(base.length).keys()].filter((i) => !inRange(timeAt(base, ti, i), lo, hi));
  const fields: Field[] = base.fields.map((f, c) => ({
    ...f,
    values: [...kept.map((i) => f.values[i]), ...rows.fields[c].values],
  }));
  const merged = { ...base, fields, length: kept.length + rows.length };
  return isAscending(merged, ti) ? merged : sortByTime(merged, ti);
}

/**
 * The change that turns the rows of `cur` in `[lo, hi)` into `next` (the rows a read of that range returned), or
 * undefined when nothing changed. Only new or changed rows travel (`upsert`) when rows are keyed uniquely, both
 * sides are in time order and none disappeared; otherwise the range is sent whole (`range`). Null when `next`
 * cannot be merged into `cur`: other columns, or rows outside the range (a query whose time field is not what its
 * filter bounds): the caller re-reads the whole query instead.
 */
export function diffRange(cur: DataFrame, next: DataFrame, lo?: number, hi?: number): FrameChange | undefined | null {
  const ti = timeIndex(cur);
  if (!sameSchema(cur, next) || ti < 0) return null;
  for (let i = 0; i < next.length; i++) if (!inRange(timeAt(next, ti, i), lo, hi)) return null;
  const whole: FrameChange = {
    refId: cur.refId,
    mode: 'range',
    frame: next,
    ...(lo === undefined ? {} : { from: lo }),
    ...(hi === undefined ? {} : { to: hi }),
  };
  if (next.truncated || cur.truncated) return whole;
  const oldRows = [...Array(cur.length).keys()].filter((i) => inRange(timeAt(cur, ti, i), lo, hi));
  const oldKeys = keysAt(cur, oldRows);
  const oldIndex = new Map(oldKeys.map((k, n) => [k, oldRows[n]]));
  const newKeys = rowKeys(next);
  if (oldIndex.size !== oldRows.length || new Set(newKeys).size !== newKeys.length) return whole;
  const changed: number[] = [];
  let matched = 0;
  newKeys.forEach((k, i) => {
    const j = oldIndex.get(k);
    if (j === undefined) return changed.push(i);
    matched++;
    if (!next.fields.every((f, c) => Object.is(f.values[i], cur.fields[c].values[j]))) changed.push(i);
  });
  if (matched < oldRows.length) return whole; // rows disappeared
  if (!changed.length) return undefined;
  if (!isAscending(cur, ti) || !isAscending(next, ti)) return whole;
  return { refId: cur.refId, mode: 'upsert', frame: pickRows(next, changed) };
}

/** Apply a delta's changes to a set of frames keyed by refId, in order. */
export function applyChanges(frames: DataFrame[], changes: FrameChange[]): DataFrame[] {
  const byRef = new Map(frames.map((f) => [f.refId, f]));
  for (const ch of changes) {
    const cur = byRef.get(ch.refId);
    if (!cur || ch.mode === 'replace') byRef.set(ch.refId, ch.frame);
    else if (ch.mode === 'range') byRef.set(ch.refId, replaceRange(cur, ch.frame, ch.from, ch.to));
    else byRef.set(ch.refId, upsertRows(cur, ch.frame));
  }
  return [...byRef.values()];
}
