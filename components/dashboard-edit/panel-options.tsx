'use client';

import { useId, type ReactNode } from 'react';
import { UNIT_IDS } from '@/lib/format/units';
import { panelRegistry, type PluginType } from '@/components/panels/registry';
import { buttonClass, inputClass } from './modal';
import {
  fieldDefaultsOf,
  optionsOf,
  setFieldDefault,
  setOption,
  setPanelType,
  setThresholds,
  thresholdsOf,
  type DraftPanel,
} from './panel-draft';

interface OptionsProps {
  panel: DraftPanel;
  onChange: (panel: DraftPanel) => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="flex flex-col gap-2 border-t border-gray-200 pt-3 dark:border-gray-800">
      <legend className="pr-2 text-xs font-semibold uppercase tracking-wide text-gray-500">{title}</legend>
      {children}
    </fieldset>
  );
}

function Field({ label, children, hint }: { label: string; children: (id: string) => ReactNode; hint?: string }) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <span className="text-xs text-gray-500">{hint}</span>}
    </div>
  );
}

/** A number field: empty means unset; anything that is not a number is ignored until it is one. */
function NumberInput({
  id,
  value,
  onChange,
  integer,
}: {
  id: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  integer?: boolean;
}) {
  return (
    <input
      id={id}
      type="number"
      step={integer ? 1 : 'any'}
      className={inputClass}
      defaultValue={value ?? ''}
      key={String(value ?? '')}
      onBlur={(e) => {
        const text = e.target.value.trim();
        const n = Number(text);
        if (text === '') onChange(undefined);
        else if (Number.isFinite(n)) onChange(integer ? Math.round(n) : n);
      }}
    />
  );
}

const LEGEND_TYPES = new Set<string>(['timeseries', 'pie']);
const THRESHOLD_TYPES = new Set<string>(['stat', 'gauge', 'timeseries', 'bar']);

/** The visualization picker and the options of the chosen type (Grafana's options pane, the common part). */
export function PanelOptions({ panel, onChange }: OptionsProps) {
  const defaults = fieldDefaultsOf(panel);
  const options = optionsOf(panel);
  const type = panel.type ?? 'timeseries';
  const legend = (options.legend ?? {}) as { showLegend?: boolean; placement?: string };
  const unitList = useId();
  return (
    <div className="flex flex-col gap-3" data-testid="panel-options">
      <Section title="Visualization">
        <div role="radiogroup" aria-label="Visualization" className="grid grid-cols-2 gap-1">
          {(Object.keys(panelRegistry) as PluginType[]).map((id) => (
            <button
              key={id}
              type="button"
              role="radio"
              aria-checked={type === id}
              data-testid={`viz-${id}`}
              onClick={() => onChange(setPanelType(panel, id))}
              className={`rounded border px-2 py-1.5 text-left text-sm ${
                type === id
                  ? 'border-blue-500 bg-blue-50 font-medium text-blue-800 dark:bg-blue-950 dark:text-blue-100'
                  : 'border-gray-300 hover:border-gray-400 dark:border-gray-700'
              }`}
            >
              {panelRegistry[id].name}
            </button>
          ))}
        </div>
      </Section>
      <Section title="Panel">
        <Field label="Title">
          {(id) => (
            <input
              id={id}
              className={inputClass}
              value={panel.title ?? ''}
              maxLength={200}
              onChange={(e) => onChange({ ...panel, title: e.target.value })}
            />
          )}
        </Field>
        <Field label="Description">
          {(id) => (
            <textarea
              id={id}
              rows={2}
              className={`${inputClass} h-auto py-1`}
              value={typeof panel.description === 'string' ? panel.description : ''}
              onChange={(e) => {
                const { description: _old, ...rest } = panel;
                onChange(e.target.value ? { ...rest, description: e.target.value } : (rest as DraftPanel));
              }}
            />
          )}
        </Field>
      </Section>
      <Section title="Standard options">
        <Field label="Unit" hint="A unit id (celsius, percent, currencyUSD…); any other text is shown as a suffix.">
          {(id) => (
            <>
              <input
                id={id}
                list={unitList}
                className={inputClass}
                value={defaults.unit ?? ''}
                onChange={(e) => onChange(setFieldDefault(panel, 'unit', e.target.value.trim() || undefined))}
              />
              <datalist id={unitList}>
                {UNIT_IDS.map((u) => (
                  <option key={u} value={u} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <div className="grid grid-cols-3 gap-2">
          <Field label="Decimals">
            {(id) => (
              <NumberInput
                id={id}
                integer
                value={defaults.decimals}
                onChange={(v) =>
                  onChange(setFieldDefault(panel, 'decimals', v === undefined ? v : Math.min(10, Math.max(0, v))))
                }
              />
            )}
          </Field>
          <Field label="Min">
            {(id) => (
              <NumberInput id={id} value={defaults.min} onChange={(v) => onChange(setFieldDefault(panel, 'min', v))} />
            )}
          </Field>
          <Field label="Max">
            {(id) => (
              <NumberInput id={id} value={defaults.max} onChange={(v) => onChange(setFieldDefault(panel, 'max', v))} />
            )}
          </Field>
        </div>
        <Field label="Display name" hint="Names a single series (Grafana's displayName).">
          {(id) => (
            <input
              id={id}
              className={inputClass}
              value={defaults.displayName ?? ''}
              onChange={(e) => onChange(setFieldDefault(panel, 'displayName', e.target.value || undefined))}
            />
          )}
        </Field>
      </Section>
      {LEGEND_TYPES.has(type) && (
        <Section title="Legend">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={legend.showLegend ?? true}
              onChange={(e) => onChange(setOption(panel, 'legend', { ...legend, showLegend: e.target.checked }))}
            />
            Show legend
          </label>
          <Field label="Placement">
            {(id) => (
              <select
                id={id}
                className={inputClass}
                value={legend.placement ?? (type === 'pie' ? 'right' : 'bottom')}
                onChange={(e) => onChange(setOption(panel, 'legend', { ...legend, placement: e.target.value }))}
              >
                <option value="bottom">Bottom</option>
                <option value="right">Right</option>
              </select>
            )}
          </Field>
        </Section>
      )}
      {type === 'stat' && (
        <Section title="Stat">
          <Choice
            label="Color mode"
            value={String(options.colorMode ?? 'value')}
            choices={{ value: 'Value', background: 'Background', none: 'None' }}
            onChange={(v) => onChange(setOption(panel, 'colorMode', v))}
          />
          <Choice
            label="Graph"
            value={String(options.graphMode ?? 'area')}
            choices={{ area: 'Area', none: 'None' }}
            onChange={(v) => onChange(setOption(panel, 'graphMode', v))}
          />
        </Section>
      )}
      {type === 'bar' && (
        <Section title="Bar chart">
          <Choice
            label="Orientation"
            value={String(options.orientation ?? 'vertical')}
            choices={{ vertical: 'Vertical', horizontal: 'Horizontal' }}
            onChange={(v) => onChange(setOption(panel, 'orientation', v))}
          />
          <Choice
            label="Stacking"
            value={String(options.stacking ?? 'none')}
            choices={{ none: 'Off', normal: 'Normal' }}
            onChange={(v) => onChange(setOption(panel, 'stacking', v))}
          />
        </Section>
      )}
      {type === 'pie' && (
        <Section title="Pie chart">
          <Choice
            label="Pie type"
            value={String(options.pieType ?? 'donut')}
            choices={{ donut: 'Donut', pie: 'Pie' }}
            onChange={(v) => onChange(setOption(panel, 'pieType', v))}
          />
        </Section>
      )}
      {type === 'timeseries' && (
        <Section title="Graph styles">
          <Field label="Fill opacity (0–100)">
            {(id) => (
              <NumberInput
                id={id}
                integer
                value={typeof options.fillOpacity === 'number' ? options.fillOpacity : undefined}
                onChange={(v) =>
                  onChange(setOption(panel, 'fillOpacity', v === undefined ? v : Math.min(100, Math.max(0, v))))
                }
              />
            )}
          </Field>
        </Section>
      )}
      {THRESHOLD_TYPES.has(type) && <Thresholds panel={panel} onChange={onChange} />}
    </div>
  );
}

function Choice({
  label,
  value,
  choices,
  onChange,
}: {
  label: string;
  value: string;
  choices: Record<string, string>;
  onChange: (v: string) => void;
}) {
  return (
    <Field label={label}>
      {(id) => (
        <select id={id} className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
          {Object.entries(choices).map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

const NEXT_COLORS = ['orange', 'red', 'purple', 'blue'];

function Thresholds({ panel, onChange }: OptionsProps) {
  const steps = thresholdsOf(panel);
  const set = (next: typeof steps) => onChange(setThresholds(panel, next));
  return (
    <Section title="Thresholds">
      <ul className="flex flex-col gap-1" data-testid="thresholds">
        {steps.map((step, i) => (
          <li key={`${i}-${step.value}`} className="flex items-center gap-1">
            <input
              aria-label={`Threshold ${i + 1} color`}
              className={`${inputClass} w-24`}
              defaultValue={step.color}
              onBlur={(e) =>
                set(steps.map((s, j) => (j === i ? { ...s, color: e.target.value.trim() || s.color } : s)))
              }
            />
            {i === 0 ? (
              <span className="flex-1 text-xs text-gray-500">Base</span>
            ) : (
              <input
                aria-label={`Threshold ${i + 1} value`}
                type="number"
                step="any"
                className={`${inputClass} w-full flex-1`}
                defaultValue={step.value ?? ''}
                onBlur={(e) => {
                  const n = Number(e.target.value);
                  if (e.target.value.trim() !== '' && Number.isFinite(n))
                    set(steps.map((s, j) => (j === i ? { ...s, value: n } : s)));
                }}
              />
            )}
            <button
              type="button"
              aria-label={`Remove threshold ${i + 1}`}
              className="rounded px-1 text-xs text-red-600 hover:bg-red-50 dark:hover:bg-red-950"
              onClick={() => set(steps.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className={buttonClass}
        onClick={() => {
          const top = steps.reduce((m, s) => Math.max(m, s.value ?? 0), 0);
          set(
            steps.length === 0
              ? [{ color: 'green', value: null }]
              : [...steps, { color: NEXT_COLORS[(steps.length - 1) % NEXT_COLORS.length], value: top + 10 }],
          );
        }}
      >
        Add threshold
      </button>
    </Section>
  );
}
