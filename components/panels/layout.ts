/**
 * Columns for `n` equal cells in a `width`×`height` box that make each cell as large as possible, for cells whose
 * ideal width is `aspect` times their height (gauges 1, stat boxes wider).
 */
export function bestColumns(n: number, width: number, height: number, aspect = 1): number {
  if (n <= 1 || width <= 0 || height <= 0) return Math.max(1, n);
  let best = 1;
  let bestScore = -1;
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const score = Math.min(width / cols / aspect, height / rows);
    // Ties go to more columns: a wide panel reads better as one row.
    if (score >= bestScore - 1e-9) {
      best = cols;
      bestScore = score;
    }
  }
  return best;
}
