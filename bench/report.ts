/** The targets of `npm run bench` and how its figures are printed. */

/** Flat figures under stable dotted keys, e.g. `fanout.live.n1000.deliveryP99Ms`. */
export type Results = Record<string, number>;

export interface Target {
  label: string;
  key: string;
  /** The figure must be at most this… */
  max?: number;
  /** …or exactly this. */
  equals?: number;
}

export interface TargetResult extends Target {
  value: number | null;
  pass: boolean;
}

export const TARGETS: Target[] = [
  { label: 'Fan-out: engine queries/s, 1,000 clients ÷ 1 client', key: 'fanout.live.queriesGrowth', max: 1.1 },
  { label: 'Fan-out: delivery p99 at 1,000 clients (ms)', key: 'fanout.live.n1000.deliveryP99Ms', max: 200 },
  { label: 'Overhead: /api/query ÷ raw driver, warm p50', key: 'overhead.warm.ratioP50', max: 1.15 },
  { label: 'Overhead: 50 identical concurrent requests, engine runs', key: 'dedup.engineRuns', equals: 1 },
  { label: 'Tail refresh: 24 h tick ÷ 5 min tick', key: 'tail.ratio24h', max: 1.2 },
  { label: 'Freshness: ingest → pixel p95 (ms)', key: 'freshness.pixel.p95Ms', max: 250 },
  { label: 'Size: embed route JavaScript, gzipped (KB)', key: 'size.embedGzKB', max: 350 },
  { label: 'Size: dashboard route JavaScript, gzipped (KB)', key: 'size.dashboardGzKB', max: 380 },
];

/** Each target with the measured value; a figure that is missing (scenario failed) does not pass. */
export function checkTargets(results: Results, targets: Target[] = TARGETS): TargetResult[] {
  return targets.map((t) => {
    const value = Number.isFinite(results[t.key]) ? results[t.key] : null;
    const pass = value !== null && (t.max !== undefined ? value <= t.max : value === t.equals);
    return { ...t, value, pass };
  });
}

const isNumeric = (cell: string) => /^-?[\d.,]+(?:\s?%)?$/.test(cell);

/** A plain-text table: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (isNumeric(c) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Integers as is, other numbers to at most two decimals; missing figures as `–`. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return Number.isInteger(x) ? String(x) : String(Number(x.toFixed(2)));
}

/** The figures table and the targets table, as `npm run bench` prints them. */
export function formatReport(results: Results, targets: TargetResult[]): string {
  const figures = formatTable(
    ['figure', 'value'],
    Object.entries(results).map(([k, v]) => [k, v]),
  );
  const goals = formatTable(
    ['target', 'limit', 'value', ''],
    targets.map((t) => [
      t.label,
      t.max !== undefined ? `≤ ${t.max}` : `= ${t.equals}`,
      t.value ?? NaN,
      t.pass ? 'pass' : 'FAIL',
    ]),
  );
  return `${figures}\n\n${goals}`;
}
