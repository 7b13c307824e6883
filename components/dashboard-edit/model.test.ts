import { describe, expect, it } from 'vitest';
import {
  addPanel,
  addRow,
  applyLayout,
  applySettings,
  checkModel,
  copyOf,
  deletePanel,
  duplicatePanel,
  hasUnsavedChanges,
  normalise,
  settingsOf,
  STARTER_SQL,
  toLayout,
  type EditDoc,
} from './model';

function panel(id: number, x: number, y: number, w: number, h: number) {
  return {
    id,
    type: 'stat',
    title: `P${id}`,
    gridPos: { x, y, w, h },
    targets: [{ refId: 'A', rawSql: 'SELECT 1', format: 'table' }],
  };
}

function doc(): EditDoc {
  return {
    uid: 'ops',
    title: 'Ops',
    tags: ['a'],
    time: { from: 'now-6h', to: 'now' },
    refresh: '',
    public: false,
    templating: { list: [] },
    panels: [panel(1, 0, 0, 12, 8), panel(2, 12, 0, 12, 8), panel(3, 0, 8, 24, 6)],
  };
}

describe('unsaved changes', () => {
  it('ignores key order, version and meta', () => {
    const a = doc();
    const b = { meta: { updatedBy: 'x' }, version: 7, ...Object.fromEntries(Object.entries(doc()).reverse()) };
    expect(normalise(a)).toBe(normalise(b));
    expect(hasUnsavedChanges(a, b)).toBe(false);
  });

  it('sees a moved panel and a new title', () => {
    const a = doc();
    expect(hasUnsavedChanges(a, { ...a, title: 'Ops 2' })).toBe(true);
    const layout = toLayout(a.panels);
    layout[0] = { ...layout[0], y: 20 };
    expect(hasUnsavedChanges(a, { ...a, panels: applyLayout(a.panels, layout) })).toBe(true);
  });
});

describe('layout ↔ gridPos', () => {
  it('round-trips and keeps untouched panels identical', () => {
    const a = doc();
    const layout = toLayout(a.panels);
    expect(layout[1]).toEqual({ i: '2', x: 12, y: 0, w: 12, h: 8 });
    const same = applyLayout(a.panels, layout);
    same.forEach((p, i) => expect(p).toBe(a.panels[i]));
  });

  it('clamps to 24 columns', () => {
    expect(toLayout([panel(9, 20, 0, 10, 2)])[0]).toEqual({ i: '9', x: 20, y: 0, w: 4, h: 2 });
  });

  it('writes a resized item back as gridPos', () => {
    const a = doc();
    const next = applyLayout(a.panels, [{ i: '1', x: 0, y: 0, w: 6, h: 10 }]);
    expect(next[0].gridPos).toEqual({ x: 0, y: 0, w: 6, h: 10 });
    expect(next[1]).toBe(a.panels[1]);
  });
});

describe('duplicate and delete', () => {
  it('gives the copy the next id and places it below the original, pushing panels under it down', () => {
    const a = doc();
    const next = duplicatePanel(a.panels, 1);
    expect(next.map((p) => p.id)).toEqual([1, 4, 2, 3]);
    expect(next[1].gridPos).toEqual({ x: 0, y: 8, w: 12, h: 8 });
    expect(next[1].title).toBe('P1');
    expect(next[3].gridPos.y).toBe(16); // panel 3 was at y 8 under the copy
    expect(next[2].gridPos.y).toBe(0); // panel 2 is beside, not below
    expect(next[1].targets).not.toBe(a.panels[0].targets);
  });

  it('deletes by id', () => {
    expect(deletePanel(doc().panels, 2).map((p) => p.id)).toEqual([1, 3]);
  });
});

describe('JSON model', () => {
  it('accepts a valid document', () => {
    const r = checkModel(JSON.stringify(doc()), 'ops');
    expect(r.ok).toBe(true);
  });

  it('names the bad path', () => {
    const d = doc();
    d.panels[1].gridPos.w = 0;
    const r = checkModel(JSON.stringify(d), 'ops');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^panels\[1\]\.gridPos\.w: /) });
  });

  it('reports JSON syntax errors and non-objects', () => {
    expect(checkModel('{', 'ops')).toEqual({ ok: false, error: expect.stringMatching(/^Invalid JSON/) });
    expect(checkModel('[]', 'ops')).toEqual({ ok: false, error: 'The model must be a JSON object' });
  });

  it('refuses a changed uid', () => {
    const r = checkModel(JSON.stringify({ ...doc(), uid: 'other' }), 'ops');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^uid: /) });
  });
});

describe('settings', () => {
  it('round-trips the drawer form', () => {
    const a = doc();
    const form = settingsOf(a);
    expect(form.tags).toBe('a');
    expect(hasUnsavedChanges(a, applySettings(a, form))).toBe(false);
    const next = applySettings(a, { ...form, tags: ' x, ,y ', description: 'd', public: true });
    expect(next.tags).toEqual(['x', 'y']);
    expect(next.description).toBe('d');
    expect(next.public).toBe(true);
  });

  it('copies without uid or version, titled "(copy)"', () => {
    const c = copyOf({ ...doc(), version: 3 });
    expect(c.uid).toBeUndefined();
    expect(c.version).toBeUndefined();
    expect(c.title).toBe('Ops (copy)');
  });
});

describe('addPanel', () => {
  it('adds a half-width time-series panel at the bottom, with the next id and the first panel datasource', () => {
    const panels = [
      { id: 1, type: 'stat', gridPos: { x: 0, y: 0, w: 8, h: 4 }, datasource: { uid: 'mysql' } },
      { id: 5, type: 'stat', gridPos: { x: 8, y: 2, w: 8, h: 6 } },
    ];
    const out = addPanel(panels);
    expect(out).toHaveLength(3);
    expect(out[2]).toMatchObject({
      id: 6,
      type: 'timeseries',
      gridPos: { x: 0, y: 8, w: 12, h: 8 },
      datasource: { uid: 'mysql' },
      targets: [{ refId: 'A', rawSql: STARTER_SQL, format: 'time_series' }],
    });
    expect(addPanel([])[0]).toMatchObject({ id: 1, gridPos: { x: 0, y: 0 } });
    expect(addPanel([])[0]).not.toHaveProperty('datasource');
  });
});

describe('rows', () => {
  const panels: EditDoc['panels'] = [
    { id: 1, type: 'stat', gridPos: { x: 0, y: 0, w: 6, h: 4 } },
    { id: 2, type: 'stat', gridPos: { x: 6, y: 0, w: 6, h: 4 } },
  ];

  it('adds a full-width row at the bottom, which the grid never resizes', () => {
    const next = addRow(panels);
    expect(next[2]).toEqual({
      id: 3,
      type: 'row',
      title: 'Row title',
      collapsed: false,
      gridPos: { x: 0, y: 4, w: 24, h: 1 },
    });
    expect(toLayout([{ ...next[2], gridPos: { x: 5, y: 4, w: 7, h: 3 } }])).toEqual([
      { i: '3', x: 0, y: 4, w: 24, h: 1, isResizable: false },
    ]);
  });

  it('checks as a dashboard: rows need no targets, other panels do', () => {
    const doc = { uid: 'r', title: 'R', panels: addRow([]) };
    expect(checkModel(JSON.stringify(doc), 'r')).toMatchObject({ ok: true });
    const bad = { ...doc, panels: [{ id: 1, type: 'stat', title: 'x', gridPos: { x: 0, y: 0, w: 6, h: 4 } }] };
    expect(checkModel(JSON.stringify(bad), 'r')).toEqual({
      ok: false,
      error: 'panels[0].targets: a panel needs at least one target (only text panels and rows have none)',
    });
  });
});
