/** Pure number helpers of the bench scripts. */

/** Nearest-rank percentile (`p` in 0..100) of unsorted samples; NaN without samples. */
export function pct(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `x` rounded to `digits` decimals (NaN and infinities pass through). */
export function round(x: number, digits = 1): number {
  return Number.isFinite(x) ? Number(x.toFixed(digits)) : x;
}

/** a ÷ b to two decimals; NaN when b is 0 or either side is missing. */
export function ratio(a: number, b: number): number {
  return b ? round(a / b, 2) : NaN;
}

/** Sum of a Prometheus counter over every series whose labels include all of `match`. */
export function promSum(text: string, name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    if (Object.entries(match).every(([k, v]) => labels[k] === v)) sum += Number(m[3]);
  }
  return sum;
}
