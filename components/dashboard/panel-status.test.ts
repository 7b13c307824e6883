import { describe, expect, it } from 'vitest';
import type { DataFrame } from '@/lib/frames/types';
import { panelStatus } from './panel-status';

const rows: DataFrame = { refId: 'A', fields: [{ name: 'v', type: 'number', values: [1] }], length: 1 };
const empty: DataFrame = { refId: 'A', fields: [{ name: 'v', type: 'number', values: [] }], length: 0 };
const bad = { refId: 'B', message: 'Table no_such_table does not exist' };

describe('panelStatus', () => {
  it.each([
    {
      name: 'request failed',
      frames: [rows],
      errors: [],
      pending: false,
      failure: 'HTTP 502',
      want: { status: 'error', error: 'HTTP 502' },
    },
    { name: 'first load', frames: [], errors: [], pending: true, failure: undefined, want: { status: 'loading' } },
    { name: 'rows', frames: [rows], errors: [], pending: false, failure: undefined, want: { status: 'ready' } },
    {
      name: 'rows and a failed target',
      frames: [rows],
      errors: [bad],
      pending: false,
      failure: undefined,
      want: { status: 'ready' },
    },
    { name: 'no rows', frames: [empty], errors: [], pending: false, failure: undefined, want: { status: 'nodata' } },
    { name: 'no frames', frames: [], errors: [], pending: false, failure: undefined, want: { status: 'nodata' } },
    {
      name: 'no rows and failed targets',
      frames: [],
      errors: [bad, { refId: 'C', message: 'timeout' }],
      pending: false,
      failure: undefined,
      want: { status: 'error', error: 'Table no_such_table does not exist\ntimeout' },
    },
  ])('$name', ({ frames, errors, pending, failure, want }) => {
    expect(panelStatus(frames, errors, pending, failure)).toEqual(want);
  });
});
