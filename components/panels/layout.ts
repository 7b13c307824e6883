/**
 * Columns for `n` equal cells in a `width`×`height` box that make each cell about as large as possible, for cells
 * whose ideal width is `aspect` times their height (gauges 1, stat boxes wider). Within 10% of the best size the
 * layout with more columns wins: a wide panel reads better as one row than as 4 + 1.
 */
export function bestColumns(n: number, width: number, height: number, aspect = 1): number {
  if (n <= 1 || width <= 0 || height <= 0) return Math.max(1, n);
  const scores = Array.from({ length: n }, (_, i) =>
    Math.min(width / (i + 1) / aspect, height / Math.ceil(n / (i + 1))),
  );
  const best = Math.max(...scores);
  for (let cols = n; cols >= 1; cols--) if (scores[cols - 1] >= best * 0.9) return cols;
  return 1;
}
