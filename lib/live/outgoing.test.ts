import { describe, expect, it } from 'vitest';
import { Outgoing } from './outgoing';

describe('Outgoing', () => {
  const body = {
    type: 'delta' as const,
    epoch: 'e1',
    seq: 7,
    trimBefore: 1000,
    changes: [
      {
        refId: 'A',
        mode: 'upsert' as const,
        frame: {
          refId: 'A',
          fields: [
            { name: 'time', type: 'time' as const, values: [1000] },
            { name: 'v', type: 'number' as const, values: [null] },
          ],
          length: 1,
        },
      },
    ],
  };

  it('gives each subscription the JSON of its own message', () => {
    const out = new Outgoing(body);
    for (const id of ['p1', 'needs "quoting"\\', '']) {
      expect(out.text(id, 1234)).toBe(JSON.stringify(out.message(id, 1234)));
      expect(JSON.parse(out.text(id, 1234))).toEqual({ id, sentAt: 1234, ...body });
    }
  });

  it('serializes the body once for every subscriber', () => {
    let calls = 0;
    const counted = {
      ...body,
      changes: [
        {
          ...body.changes[0],
          toJSON() {
            calls++;
            return body.changes[0];
          },
        },
      ],
    };
    const out = new Outgoing(counted);
    for (let i = 0; i < 100; i++) out.text(`s${i}`, i);
    expect(calls).toBe(1);
  });
});
