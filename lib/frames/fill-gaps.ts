/**
 * Gap filling for `$__timeGroup(col, '5m', NULL|previous|<number>)` results, like Grafana's SQL data sources:
 * a row is added for every missing bucket start between floor(from) and `to`, per series.
 */
import type { DataFrame, Field } from './types';
import type { GapFill } from '../sql/macros';

/** The range a frame was queried for; `now` (epoch ms) when the range was resolved at another instant than `to`. */
export interface FillRange {
  from: Date;
  to: Date;
  now?: number;
}

/** Filling is skipped when the filled frame could exceed this many rows (buckets × series). */
export const MAX_FILL_ROWS = 100_000;

/** An output row: an input row, or a generated one for `time` copying the keys of `keyRow`. */
type Item = { row: number; time: number } | { row?: undefined; time: number; keyRow: number; prevRow?: number };

interface Grid {
  start: number;
  step: number;
  buckets: number;
}

function timeOf(field: Field, row: number): number {
  const v = field.values[row];
  return typeof v === 'number' ? v : v instanceof Date ? v.getTime() : Number.NaN;
}

/** Row indexes per series, keyed by the values of the string fields, in order of first appearance. */
function groupSeries(frame: DataFrame, keyFields: Field[]): number[][] {
  const groups = new Map<string, number[]>();
  for (let r = 0; r < frame.length; r++) {
    const key = JSON.stringify(keyFields.map((f) => f.values[r] ?? null));
    const rows = groups.get(key);
    if (rows) rows.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()];
}

/** Existing rows of one series merged with generated rows for its missing buckets, in time order. */
function fillSeries(rows: number[], time: Field, grid: Grid): Item[] {
  const timed = rows
    .filter((r) => Number.isFinite(timeOf(time, r)))
    .sort((a, b) => timeOf(time, a) - timeOf(time, b) || a - b);
  const present = new Set(timed.map((r) => timeOf(time, r)));
  const items: Item[] = [];
  let k = 0;
  let prevRow: number | undefined;
  for (let b = 0; b < grid.buckets; b++) {
    const t = grid.start + b * grid.step;
    for (; k < timed.length && timeOf(time, timed[k]) < t; k++) {
      items.push({ row: timed[k], time: timeOf(time, timed[k]) });
      prevRow = timed[k];
    }
    if (!present.has(t)) items.push({ time: t, keyRow: rows[0], prevRow });
  }
  for (; k < timed.length; k++) items.push({ row: timed[k], time: timeOf(time, timed[k]) });
  return items;
}

function cell(field: Field, isKey: boolean, isTime: boolean, item: Item, fill: GapFill): unknown {
  if (item.row !== undefined) return field.values[item.row];
  if (isTime) return item.time;
  if (isKey) return field.values[item.keyRow];
  if (fill.mode === 'previous') return item.prevRow === undefined ? null : field.values[item.prevRow];
  if (fill.mode === 'value' && field.type === 'number') return fill.value ?? null;
  return null;
}

/**
 * Bucket starts from floor(from) up to the last one that has begun: before `to` (a bucket starting at `to` holds
 * nothing of the range but that instant) and not after `now`, the instant the range was resolved at.
 */
function gridFor(fill: GapFill, range: FillRange): Grid | undefined {
  const step = fill.intervalMs;
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (!(step > 0) || !Number.isFinite(from) || !Number.isFinite(to) || to < from) return undefined;
  const start = Math.floor(from / step) * step;
  const last = Math.min(to - 1, range.now ?? Infinity);
  return { start, step, buckets: last < start ? 0 : Math.floor((last - start) / step) + 1 };
}

/**
 * Insert rows for missing buckets of the first `time` field, stepping `fill.intervalMs` from floor(from) (epoch
 * aligned, as the SQL buckets are) to the last bucket that has begun: starting before `to` and not after `now`.
 * A bucket that has not begun is never emitted, so a live tail never runs ahead of the data. Long frames are filled per series, a series being one combination
 * of the string fields' values; generated rows copy that series' keys. Other fields get null, the series' previous
 * value, or `fill.value` (numbers only; other types get null) per `fill.mode`. Input rows are all kept (rows without
 * a time go last) and the result is sorted by time. A wide frame (no string fields) is filled even when it has no
 * rows; long frames without rows, frames without a time field and frames whose filled size would pass
 * MAX_FILL_ROWS come back as they are.
 */
export function fillGaps(frame: DataFrame, fill: GapFill, range: FillRange): DataFrame {
  const timeField = frame.fields.find((f) => f.type === 'time');
  const grid = gridFor(fill, range);
  if (!timeField || !grid) return frame;
  const keyFields = frame.fields.filter((f) => f.type === 'string');
  // A wide frame is one series even with no rows: its buckets are filled, so the fill of any part of a range equals
  // that part of the whole range's fill (live panels re-read parts). A long frame without rows has no series.
  if (frame.length === 0 && keyFields.length) return frame;
  const series = frame.length === 0 ? [[]] : groupSeries(frame, keyFields);
  if (grid.buckets * series.length + frame.length > MAX_FILL_ROWS) return frame;
  const untimed = [...Array(frame.length).keys()].filter((r) => !Number.isFinite(timeOf(timeField, r)));
  const items = series
    .flatMap((rows) => fillSeries(rows, timeField, grid))
    .sort((a, b) => a.time - b.time)
    .concat(untimed.map((row) => ({ row, time: Number.NaN })));
  const fields = frame.fields.map((f) => ({
    ...f,
    values: items.map((it) => cell(f, keyFields.includes(f), f === timeField, it, fill)),
  }));
  return { ...frame, fields, length: items.length };
}
