import type { DataFrame } from '@/lib/frames/types';
import { toTime } from '@/lib/frames/series';
import { toNumber } from '@/lib/format/units';
import { formatDateTime } from '@/lib/format/time';

/* Frame shapes for the category panels (bar, pie); pure so they are tested without ECharts. */

export interface BarData {
  categories: string[];
  bars: { name: string; values: (number | null)[]; unit?: string }[];
  /** Per category: a time bucket still filling at `now` (drawn lighter). */
  partial: boolean[];
}

/** Category = first string field (or the time field), one bar series per number field. */
export function toBarData(frames: DataFrame[], now = Date.now()): BarData {
  const frame = frames.find((f) => f.length > 0 && f.fields.some((x) => x.type === 'number'));
  if (!frame) return { categories: [], bars: [], partial: [] };
  const category = frame.fields.find((f) => f.type === 'string') ?? frame.fields.find((f) => f.type === 'time');
  const interval = category?.type === 'time' ? category.interval : undefined;
  const partial = Array.from({ length: frame.length }, (_, i) => {
    const t = interval ? toTime(category?.values[i]) : null;
    return t !== null && t + (interval as number) > now;
  });
  const categories = Array.from({ length: frame.length }, (_, i) => {
    const v = category?.values[i];
    if (category?.type === 'time') {
      const t = toTime(v);
      return t === null ? '' : formatDateTime(t);
    }
    return v === null || v === undefined ? '' : String(v);
  });
  const bars = frame.fields
    .filter((f) => f.type === 'number')
    .map((f) => ({ name: f.name, values: f.values.map(toNumber), unit: f.unit }));
  return { categories, bars, partial };
}

/** Slices: first string field = name, first number field = value (rows of every frame). */
export function toSlices(frames: DataFrame[]): { name: string; value: number; unit?: string }[] {
  const slices: { name: string; value: number; unit?: string }[] = [];
  for (const frame of frames) {
    const name = frame.fields.find((f) => f.type === 'string');
    const value = frame.fields.find((f) => f.type === 'number');
    if (!value) continue;
    for (let i = 0; i < frame.length; i++) {
      const v = toNumber(value.values[i]);
      if (v === null) continue;
      slices.push({ name: name ? String(name.values[i] ?? '') : value.name, value: v, unit: value.unit });
    }
  }
  return slices;
}
