import type { FieldDefaults } from '@/lib/dashboards/schema';
import { formatValue } from '@/lib/format/units';

/** Formatter for a panel's values: fieldConfig unit/decimals win, the engine-reported unit is the fallback. */
export function valueFormatter(defaults: FieldDefaults, fieldUnit?: string): (value: unknown) => string {
  const unit = defaults.unit ?? fieldUnit;
  return (value) => formatValue(value, { unit, decimals: defaults.decimals });
}

/** Read a typed option with a fallback. */
export function option<T>(options: Record<string, unknown>, key: string, fallback: T): T {
  const v = options[key];
  return v === undefined || v === null ? fallback : (v as T);
}

/** Escape text placed into ECharts HTML tooltips. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
