/** A dashboard body for tests: one stat panel running `sql`, plus any other top-level fields in `extra`. */
export function statDashboard(uid: string, title: string, sql = 'SELECT 1', extra: Record<string, unknown> = {}) {
  return {
    uid,
    title,
    panels: [
      {
        id: 1,
        type: 'stat',
        title: 'n',
        gridPos: { x: 0, y: 0, w: 6, h: 4 },
        targets: [{ refId: 'A', rawSql: sql }],
      },
    ],
    ...extra,
  };
}
