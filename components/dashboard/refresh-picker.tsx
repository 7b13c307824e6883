'use client';

/** Refresh choices: value in the URL (`refresh=`) → label. `''` is off. */
const REFRESH_OPTIONS: { value: string; label: string }[] = [
  { value: '', label: 'Off' },
  { value: 'live', label: 'Live' },
  { value: '5s', label: '5s' },
  { value: '10s', label: '10s' },
  { value: '30s', label: '30s' },
  { value: '1m', label: '1m' },
  { value: '5m', label: '5m' },
];

export interface RefreshPickerProps {
  /** `''` off, `live`, or an interval. */
  value: string;
  onChange: (value: string) => void;
}

/** Auto-refresh select: off, live (WebSocket) or a polling interval. */
export function RefreshPicker({ value, onChange }: RefreshPickerProps) {
  const options = REFRESH_OPTIONS.some((o) => o.value === value)
    ? REFRESH_OPTIONS
    : [...REFRESH_OPTIONS, { value, label: value }];
  return (
    <div className="flex items-center gap-1.5">
      {value === 'live' && (
        <span
          className="flex items-center gap-1 text-xs font-semibold uppercase text-green-600 dark:text-green-400"
          aria-hidden="true"
        >
          <span className="size-2 animate-pulse rounded-full bg-green-500" />
          Live
        </span>
      )}
      <select
        aria-label="Refresh"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="h-8 rounded border border-gray-300 bg-white px-2 text-sm hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
