import { describe, expect, it } from 'vitest';
import { CITIES, SensorModel, randomOrder } from './model';
import { SalesRowSchema, SensorRowSchema } from '../ingest/tables';

describe('demo data model', () => {
  it('gives five sensors plausible readings that drift smoothly', () => {
    const m = new SensorModel();
    let prev = m.next(0);
    for (let i = 1; i < 3600; i++) {
      const rows = m.next(i * 1000);
      expect(rows).toHaveLength(5);
      rows.forEach((r, k) => {
        expect(SensorRowSchema.safeParse(r).success).toBe(true);
        expect(r.temperature).toBeGreaterThan(5);
        expect(r.temperature).toBeLessThan(40);
        expect(Math.abs(r.temperature - prev[k].temperature)).toBeLessThan(0.5); // drift, not jumps
      });
      prev = rows;
    }
  });

  it('makes valid orders across at least 8 Latin-American cities', () => {
    expect(CITIES.length).toBeGreaterThanOrEqual(8);
    const cities = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const o = randomOrder(Date.now());
      expect(SalesRowSchema.safeParse(o).success).toBe(true);
      expect(o.amount).toBeCloseTo(o.quantity * o.unit_price, 2);
      cities.add(o.city);
    }
    expect(cities.size).toBeGreaterThanOrEqual(8);
  });
});
