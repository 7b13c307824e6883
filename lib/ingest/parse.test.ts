import { describe, expect, it } from 'vitest';
import { parseIngestBody } from './parse';

const ok = { sensor_id: 'sensor-1', temperature: 21.5, humidity: 40, ts: '2026-01-01T00:00:00Z' };

describe('parseIngestBody', () => {
  it('accepts a JSON array, one object and NDJSON', () => {
    expect(parseIngestBody('sensor_data', JSON.stringify([ok, ok]))).toHaveLength(2);
    expect(parseIngestBody('sensor_data', JSON.stringify(ok))).toHaveLength(1);
    const nd = `${JSON.stringify(ok)}\n\n${JSON.stringify(ok)}\n`;
    expect(parseIngestBody('sensor_data', nd, 'application/x-ndjson')).toHaveLength(2);
  });

  it('turns timestamps into epoch ms, naive strings as UTC', () => {
    const [a] = parseIngestBody('sensor_data', JSON.stringify([{ ...ok, ts: '2026-01-01 00:00:01' }])) as Array<{
      ts: number;
    }>;
    expect(a.ts).toBe(Date.UTC(2026, 0, 1, 0, 0, 1));
  });

  it.each([
    [[ok, { ...ok, temperature: 'hot' }], /row 1, field temperature/],
    [[{ ...ok, humidity: 140 }], /row 0, field humidity/],
    [[{ ...ok, extra: 1 }], /row 0: unknown field\(s\) extra/],
    [[{ temperature: 1, humidity: 1 }], /row 0, field sensor_id/],
    [[{ ...ok, ts: 'yesterday' }], /row 0, field ts: not a timestamp/],
  ])('names the row and field of a bad row: %j', (rows, msg) => {
    expect(() => parseIngestBody('sensor_data', JSON.stringify(rows))).toThrow(msg);
  });

  it('rejects broken JSON and empty bodies with a 400', () => {
    expect(() => parseIngestBody('sales', '[{')).toThrow(/not valid JSON/);
    expect(() => parseIngestBody('sales', '  ')).toThrow(/Empty body/);
    expect(() => parseIngestBody('sales', '{"a":1}\n{oops}', 'application/x-ndjson')).toThrow(/line 2/);
    try {
      parseIngestBody('sales', '[]');
    } catch (err) {
      expect((err as { status: number }).status).toBe(400);
    }
  });
});
