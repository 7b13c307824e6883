'use client';

import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { describeRange, parseAbsoluteRange, relativeLabel, resolveRange, toDateTimeLocal } from '@/lib/format/time';
import { ClockIcon } from '@/components/icons';

/** Quick relative ranges, Grafana's `now-N` to `now`. */
const QUICK_RANGES = [
  'now-5m',
  'now-15m',
  'now-30m',
  'now-1h',
  'now-3h',
  'now-6h',
  'now-12h',
  'now-24h',
  'now-2d',
  'now-7d',
].map((from) => ({ from, to: 'now', label: relativeLabel(from) ?? from }));

export interface TimeRangePickerProps {
  range: { from: string; to: string };
  onChange: (range: { from: string; to: string }) => void;
}

const inputClass =
  'h-8 w-full rounded border border-gray-300 bg-white px-2 text-sm aria-[invalid=true]:border-red-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-950';

function AbsoluteForm({
  range,
  onApply,
}: {
  range: { from: string; to: string };
  onApply: (r: { from: string; to: string }) => void;
}) {
  const id = useId();
  const [initial] = useState(() => resolveRange(range) ?? { from: Date.now() - 3_600_000, to: Date.now() });
  const [from, setFrom] = useState(() => toDateTimeLocal(initial.from));
  const [to, setTo] = useState(() => toDateTimeLocal(initial.to));
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = parseAbsoluteRange(from, to);
    if ('error' in result) setError(result.error);
    else onApply(result);
  };

  return (
    <form onSubmit={submit} noValidate className="flex w-60 flex-col gap-2">
      <p className="text-xs font-semibold uppercase tracking-wide text-gray-500">Absolute range</p>
      <label htmlFor={`${id}-from`} className="text-xs text-gray-600 dark:text-gray-400">
        From
      </label>
      <input
        id={`${id}-from`}
        type="datetime-local"
        step="1"
        value={from}
        onChange={(e) => {
          setFrom(e.target.value);
          setError(undefined);
        }}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        className={inputClass}
      />
      <label htmlFor={`${id}-to`} className="text-xs text-gray-600 dark:text-gray-400">
        To
      </label>
      <input
        id={`${id}-to`}
        type="datetime-local"
        step="1"
        value={to}
        onChange={(e) => {
          setTo(e.target.value);
          setError(undefined);
        }}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        className={inputClass}
      />
      {error && (
        <p id={`${id}-err`} role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
      <button
        type="submit"
        className="mt-1 h-8 rounded bg-blue-600 px-3 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-400"
      >
        Apply
      </button>
    </form>
  );
}

function useDismiss(open: boolean, close: () => void, root: RefObject<HTMLElement | null>) {
  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, close, root]);
}

function QuickRanges({
  range,
  onPick,
}: {
  range: { from: string; to: string };
  onPick: (r: { from: string; to: string }) => void;
}) {
  return (
    <div className="flex w-60 flex-col border-t border-gray-200 pt-3 sm:w-40 sm:border-l sm:border-t-0 sm:pl-3 sm:pt-0 dark:border-gray-700">
      <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-gray-500">Quick ranges</p>
      <ul className="flex flex-col">
        {QUICK_RANGES.map((q) => {
          const active = q.from === range.from && q.to === range.to;
          return (
            <li key={q.from}>
              <button
                type="button"
                aria-current={active || undefined}
                onClick={() => onPick({ from: q.from, to: q.to })}
                className={`w-full rounded px-2 py-1 text-left text-sm hover:bg-gray-100 dark:hover:bg-gray-800 ${active ? 'bg-blue-50 font-medium text-blue-700 dark:bg-blue-950 dark:text-blue-300' : ''}`}
              >
                {q.label}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Button showing the current range; opens quick ranges and an absolute from/to form. */
export function TimeRangePicker({ range, onChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const label = describeRange(range);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, close, root);

  const apply = (r: { from: string; to: string }) => {
    onChange(r);
    setOpen(false);
  };

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-label="Time range"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        title={label}
        suppressHydrationWarning
        data-from={range.from}
        data-to={range.to}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex h-8 max-w-[26rem] items-center gap-1.5 rounded border border-gray-300 bg-white px-2.5 text-sm hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600"
      >
        <ClockIcon className="shrink-0" />
        <span className="truncate" suppressHydrationWarning>
          {label}
        </span>
      </button>
      {open && (
        <div
          id={panelId}
          role="dialog"
          aria-label="Choose range"
          className="absolute right-0 z-40 mt-1 flex flex-col gap-4 rounded-md sm:flex-row border border-gray-200 bg-white p-3 shadow-xl dark:border-gray-700 dark:bg-gray-900"
        >
          <AbsoluteForm range={range} onApply={apply} />
          <QuickRanges range={range} onPick={apply} />
        </div>
      )}
    </div>
  );
}
