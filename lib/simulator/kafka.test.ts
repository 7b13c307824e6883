import { describe, expect, it } from 'vitest';
import { kafkaMessage } from './kafka';

describe('Kafka messages for the Druid supervisors', () => {
  it('writes an order with its ts as ISO-8601 and amount filled in', () => {
    const m = kafkaMessage('sales', {
      order_id: 42,
      ts: Date.UTC(2026, 10, 30, 12, 0, 0),
      city: 'Lima',
      lat: -12.05,
      lon: -77.04,
      product: 'Coffee',
      category: 'Drinks',
      quantity: 3,
      unit_price: 2.35,
    });
    expect(m.topic).toBe('sales');
    expect(m.key).toBe('42');
    expect(JSON.parse(m.value)).toEqual({
      order_id: 42,
      ts: '2026-11-30T12:00:00.000Z',
      city: 'Lima',
      lat: -12.05,
      lon: -77.04,
      product: 'Coffee',
      category: 'Drinks',
      quantity: 3,
      unit_price: 2.35,
      amount: 7.05,
    });
  });

  it('keys a reading by its sensor and stamps rows without a time with now', () => {
    const m = kafkaMessage('sensor_data', { sensor_id: 's-1', temperature: 21.5, humidity: 40 }, 0);
    expect(m).toEqual({
      topic: 'sensor_data',
      key: 's-1',
      value: JSON.stringify({ sensor_id: 's-1', temperature: 21.5, humidity: 40, ts: '1970-01-01T00:00:00.000Z' }),
    });
  });
});
