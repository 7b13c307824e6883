'use client';

import { useMemo, useState } from 'react';
import type { DataFrame, Field } from '@/lib/frames/types';
import type { FieldDefaults } from '@/lib/dashboards/schema';
import { toTime } from '@/lib/frames/series';
import { toNumber } from '@/lib/format/units';
import { formatDateTime } from '@/lib/format/time';
import { valueFormatter } from './field-format';
import type { PanelProps } from './types';

/** Rows rendered at most; the footer tells how many more there are. */
const MAX_ROWS = 1000;

function cellText(field: Field, value: unknown, defaults: FieldDefaults): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'time') {
    const t = toTime(value);
    return t === null ? String(value) : formatDateTime(t);
  }
  if (field.type === 'number') return valueFormatter(defaults, field.unit)(value);
  return String(value);
}

function sortKey(field: Field, value: unknown): number | string {
  if (field.type === 'number') return toNumber(value) ?? -Infinity;
  if (field.type === 'time') return toTime(value) ?? -Infinity;
  return value === null || value === undefined ? '' : String(value);
}

function rowOrder(frame: DataFrame, sort: { col: number; desc: boolean } | null): number[] {
  const order = Array.from({ length: frame.length }, (_, i) => i);
  const field = sort ? frame.fields[sort.col] : undefined;
  if (!sort || !field) return order;
  const keys = field.values.map((v) => sortKey(field, v));
  order.sort((a, b) => {
    const cmp = keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0;
    return sort.desc ? -cmp : cmp;
  });
  return order;
}

function FrameTable({ frame, defaults }: { frame: DataFrame; defaults: FieldDefaults }) {
  const [sort, setSort] = useState<{ col: number; desc: boolean } | null>(null);
  const order = useMemo(() => rowOrder(frame, sort).slice(0, MAX_ROWS), [frame, sort]);
  const toggle = (col: number) =>
    setSort((s) => (s?.col !== col ? { col, desc: false } : s.desc ? null : { col, desc: true }));
  return (
    <>
      <table className="w-full border-collapse text-left text-xs tabular-nums">
        <thead className="sticky top-0 z-10 bg-gray-100 dark:bg-gray-800">
          <tr>
            {frame.fields.map((f, col) => (
              <th
                key={f.name + col}
                scope="col"
                aria-sort={sort?.col === col ? (sort.desc ? 'descending' : 'ascending') : undefined}
                className={`whitespace-nowrap border-b border-gray-200 px-2 py-1.5 font-semibold dark:border-gray-700 ${f.type === 'number' ? 'text-right' : ''}`}
              >
                <button type="button" className="hover:underline" onClick={() => toggle(col)}>
                  {f.name}
                  {sort?.col === col ? (sort.desc ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {order.map((row) => (
            <tr
              key={row}
              className="border-b border-gray-100 hover:bg-gray-50 dark:border-gray-800 dark:hover:bg-gray-800/50"
            >
              {frame.fields.map((f, col) => (
                <td key={col} className={`whitespace-nowrap px-2 py-1 ${f.type === 'number' ? 'text-right' : ''}`}>
                  {cellText(f, f.values[row], defaults)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {frame.length > MAX_ROWS && (
        <p className="px-2 py-1 text-xs text-gray-500">
          Showing {MAX_ROWS.toLocaleString('en-US')} of {frame.length.toLocaleString('en-US')} rows
        </p>
      )}
    </>
  );
}

/** Plain HTML table of a frame: formatted cells, sticky header, sortable columns; a selector when several frames. */
export function TablePanel({ panel, frames }: PanelProps) {
  const [index, setIndex] = useState(0);
  const frame = frames[Math.min(index, frames.length - 1)];
  if (!frame) return null;
  return (
    <div className="flex h-full flex-col">
      {frames.length > 1 && (
        <select
          aria-label="Table frame"
          className="m-1 self-start rounded border border-gray-300 bg-white px-1 py-0.5 text-xs dark:border-gray-700 dark:bg-gray-900"
          value={Math.min(index, frames.length - 1)}
          onChange={(e) => setIndex(Number(e.target.value))}
        >
          {frames.map((f, i) => (
            <option key={i} value={i}>
              {f.name ?? f.refId}
            </option>
          ))}
        </select>
      )}
      <div className="min-h-0 flex-1 overflow-auto">
        <FrameTable frame={frame} defaults={panel.fieldConfig.defaults} />
      </div>
    </div>
  );
}
