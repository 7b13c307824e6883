import type { DataFrame, Field, FieldType } from './types';

export interface ColumnSpec {
  name: string;
  type: FieldType;
}

/** Number when exactly representable, otherwise the exact decimal string (never silently rounded). */
export function toExactNumber(v: bigint | number | string): number | string {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  if (/^-?\d+$/.test(v)) return Number.isSafeInteger(n) ? n : v;
  // A decimal is exact when the double prints back to the same digits (trailing zeros aside).
  const canonical = v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
  return String(n) === canonical.replace(/^(-?)0+(?=\d)/, '$1') ? n : v;
}

/** Build a columnar frame; `values` holds one array per column. */
export function toDataFrame(refId: string, columns: ColumnSpec[], values: unknown[][], truncated = false): DataFrame {
  const length = values[0]?.length ?? 0;
  const fields: Field[] = columns.map((c, i) => {
    const vals = values[i] ?? [];
    const field: Field = { name: c.name, type: c.type, values: vals };
    if (c.type === 'number' && vals.some((v) => typeof v === 'string')) field.exactAsString = true;
    return field;
  });
  const frame: DataFrame = { refId, fields, length };
  if (truncated) frame.truncated = true;
  return frame;
}

/** First time field of a frame, if any. */
function timeField(frame: DataFrame): Field | undefined {
  return frame.fields.find((f) => f.type === 'time');
}

/** Newest epoch ms across every time field of the frames, or undefined. */
export function newestTime(frames: DataFrame[]): number | undefined {
  let max: number | undefined;
  for (const fr of frames) {
    const tf = timeField(fr);
    if (!tf) continue;
    for (const v of tf.values) if (typeof v === 'number' && (max === undefined || v > max)) max = v;
  }
  return max;
}

/** A frame with the same fields holding only the rows whose indexes are given. */
export function pickRows(frame: DataFrame, idx: number[]): DataFrame {
  return {
    ...frame,
    fields: frame.fields.map((f) => ({ ...f, values: idx.map((i) => f.values[i]) })),
    length: idx.length,
  };
}
