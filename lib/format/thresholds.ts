/**
 * Grafana thresholds: ordered steps, the first with `value: null` (the base), each step's color applying from its
 * value upwards. Colors are Grafana palette names (`green`, `red`, `semi-dark-orange`…) or any CSS color.
 */

export interface ThresholdStep {
  color: string;
  value: number | null;
}

const NAMED: Record<string, string> = {
  green: '#73BF69',
  'dark-green': '#37872D',
  'semi-dark-green': '#56A64B',
  'light-green': '#96D98D',
  red: '#F2495C',
  'dark-red': '#C4162A',
  'semi-dark-red': '#E02F44',
  'light-red': '#FF7383',
  yellow: '#FADE2A',
  'dark-yellow': '#E0B400',
  'semi-dark-yellow': '#F2CC0C',
  'light-yellow': '#FFEE52',
  orange: '#FF9830',
  'dark-orange': '#FA6400',
  'semi-dark-orange': '#FF780A',
  'light-orange': '#FFB357',
  blue: '#5794F2',
  'dark-blue': '#1F60C4',
  'semi-dark-blue': '#3274D9',
  'light-blue': '#8AB8FF',
  purple: '#B877D9',
  'dark-purple': '#8F3BB8',
  'semi-dark-purple': '#A352CC',
  'light-purple': '#CA95E5',
  text: 'currentColor',
  transparent: 'transparent',
};

/** Grafana's classic series palette. */
// prettier-ignore
export const SERIES_COLORS = [
  '#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9', '#705DA0', '#37872D', '#FADE2A',
  '#447EBC', '#C15C17', '#890F02', '#0A437C', '#6D1F62', '#584477', '#B7DBAB', '#F4D598', '#70DBED', '#F9BA8F',
];

/** Resolve a Grafana color name to CSS; CSS colors pass through. */
export function resolveColor(color: string): string {
  return NAMED[color] ?? color;
}

/** Steps sorted by value with the base (`null`) first. */
function sortSteps(steps: ThresholdStep[]): ThresholdStep[] {
  return [...steps].sort((a, b) => (a.value ?? -Infinity) - (b.value ?? -Infinity));
}

/** CSS color of the step a value falls in; undefined when there are no steps or no value. */
export function thresholdColor(
  value: number | null | undefined,
  steps: ThresholdStep[] | undefined,
): string | undefined {
  if (!steps?.length || value === null || value === undefined || Number.isNaN(value)) return undefined;
  let color: string | undefined;
  for (const step of sortSteps(steps)) {
    if (step.value === null || value >= step.value) color = step.color;
  }
  return color === undefined ? undefined : resolveColor(color);
}

/**
 * ECharts gauge `axisLine.lineStyle.color` stops: `[[fraction, color], …]` over min..max, each stop ending where
 * the next step begins.
 */
export function gaugeColorStops(steps: ThresholdStep[] | undefined, min: number, max: number): [number, string][] {
  const sorted = sortSteps(steps ?? []);
  if (!sorted.length || max <= min) return [[1, resolveColor('green')]];
  const stops: [number, string][] = [];
  sorted.forEach((step, i) => {
    const next = sorted[i + 1];
    const end = next?.value === null || next === undefined ? 1 : (next.value - min) / (max - min);
    const fraction = Math.min(1, Math.max(0, end));
    if (fraction > 0 || i === sorted.length - 1) stops.push([fraction, resolveColor(step.color)]);
  });
  if (stops[stops.length - 1][0] < 1) stops[stops.length - 1][0] = 1;
  return stops;
}
