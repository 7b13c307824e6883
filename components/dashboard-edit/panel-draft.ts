import type { FieldDefaults, PanelType } from '@/lib/dashboards/schema';
import type { PanelView } from '@/components/dashboard/view-model';
import type { EditDoc } from './model';
import type { DraftTarget } from './use-preview-data';

/** A panel as the editor holds it: the dashboard JSON's panel object (unknown keys kept as they are). */
export type DraftPanel = EditDoc['panels'][number];

export interface ThresholdStep {
  color: string;
  value: number | null;
}

export function targetsOf(panel: DraftPanel): DraftTarget[] {
  return Array.isArray(panel.targets) ? (panel.targets as DraftTarget[]) : [];
}

export function fieldDefaultsOf(panel: DraftPanel): FieldDefaults {
  const fc = panel.fieldConfig as { defaults?: FieldDefaults } | undefined;
  return fc?.defaults ?? {};
}

export function optionsOf(panel: DraftPanel): Record<string, unknown> {
  const o = panel.options;
  return o && typeof o === 'object' && !Array.isArray(o) ? (o as Record<string, unknown>) : {};
}

/** What the panel components draw from: the draft as the view model (no SQL involved). */
export function toPanelViewDraft(panel: DraftPanel): PanelView {
  return {
    id: panel.id,
    type: (panel.type ?? 'timeseries') as PanelType,
    title: panel.title ?? '',
    description: typeof panel.description === 'string' ? panel.description : undefined,
    gridPos: panel.gridPos,
    maxDataPoints: typeof panel.maxDataPoints === 'number' ? panel.maxDataPoints : undefined,
    targets: targetsOf(panel).map((t) => ({ refId: t.refId, format: t.format ?? 'time_series' })),
    fieldConfig: { defaults: fieldDefaultsOf(panel) },
    options: optionsOf(panel),
  };
}

/** Set (or, with `undefined` or `''`, remove) one of `fieldConfig.defaults`. */
export function setFieldDefault<K extends keyof FieldDefaults>(
  panel: DraftPanel,
  key: K,
  value: FieldDefaults[K] | undefined,
): DraftPanel {
  const defaults: Record<string, unknown> = { ...fieldDefaultsOf(panel) };
  if (value === undefined || value === '') delete defaults[key];
  else defaults[key] = value;
  const fieldConfig = { ...((panel.fieldConfig as object | undefined) ?? {}), defaults };
  return { ...panel, fieldConfig };
}

/** Set (or with `undefined` remove) one of the panel's `options`. */
export function setOption(panel: DraftPanel, key: string, value: unknown): DraftPanel {
  const options = { ...optionsOf(panel) };
  if (value === undefined) delete options[key];
  else options[key] = value;
  return { ...panel, options };
}

/** The threshold steps, the first being the base (value `null`), as Grafana keeps them. */
export function thresholdsOf(panel: DraftPanel): ThresholdStep[] {
  return fieldDefaultsOf(panel).thresholds?.steps ?? [];
}

/**
 * Thresholds written back sorted by value with the base first; an empty list removes them. A step whose value is
 * not a number (a half-typed field) is kept in place as the base only when it is first.
 */
export function setThresholds(panel: DraftPanel, steps: readonly ThresholdStep[]): DraftPanel {
  if (steps.length === 0) return setFieldDefault(panel, 'thresholds', undefined);
  const [base, ...rest] = steps;
  const sorted = rest
    .filter((s) => typeof s.value === 'number' && Number.isFinite(s.value))
    .sort((a, b) => (a.value as number) - (b.value as number));
  return setFieldDefault(panel, 'thresholds', { steps: [{ color: base.color, value: null }, ...sorted] });
}

/** The next free query letter: A, B, … Z, then A1, B1 … */
export function nextRefId(targets: readonly { refId: string }[]): string {
  const used = new Set(targets.map((t) => t.refId));
  for (let round = 0; ; round++)
    for (let c = 65; c <= 90; c++) {
      const id = String.fromCharCode(c) + (round ? String(round) : '');
      if (!used.has(id)) return id;
    }
}

/** Replace target `refId` with `patch` applied. */
export function updateTarget(panel: DraftPanel, refId: string, patch: Partial<DraftTarget>): DraftPanel {
  return { ...panel, targets: targetsOf(panel).map((t) => (t.refId === refId ? { ...t, ...patch } : t)) };
}

/** A second query with the first one's format and the given SQL. */
export function addTarget(panel: DraftPanel, rawSql: string): DraftPanel {
  const targets = targetsOf(panel);
  const format = targets[0]?.format ?? 'time_series';
  return { ...panel, targets: [...targets, { refId: nextRefId(targets), rawSql, format }] };
}

/** Remove a query; the last one stays (a panel runs at least one). */
export function removeTarget(panel: DraftPanel, refId: string): DraftPanel {
  const targets = targetsOf(panel);
  if (targets.length <= 1) return panel;
  return { ...panel, targets: targets.filter((t) => t.refId !== refId) };
}

/** Another visualization; options of other types are kept, so switching back and forth loses nothing. */
export function setPanelType(panel: DraftPanel, type: PanelType): DraftPanel {
  return { ...panel, type };
}
