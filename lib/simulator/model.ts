import type { SalesRow, SensorRow } from '../ingest/tables';

/** Demo sensors: a greenhouse, a cold room, an office… each with its own baseline. */
export const SENSORS = [
  { id: 'sensor-1', temp: 22, hum: 55 },
  { id: 'sensor-2', temp: 24.5, hum: 62 },
  { id: 'sensor-3', temp: 19, hum: 48 },
  { id: 'sensor-4', temp: 27, hum: 70 },
  { id: 'sensor-5', temp: 16, hum: 40 },
] as const;

export const CITIES = [
  { city: 'Lima', lat: -12.0464, lon: -77.0428 },
  { city: 'Bogotá', lat: 4.711, lon: -74.0721 },
  { city: 'Santiago', lat: -33.4489, lon: -70.6693 },
  { city: 'Buenos Aires', lat: -34.6037, lon: -58.3816 },
  { city: 'São Paulo', lat: -23.5505, lon: -46.6333 },
  { city: 'Ciudad de México', lat: 19.4326, lon: -99.1332 },
  { city: 'Quito', lat: -0.1807, lon: -78.4678 },
  { city: 'Montevideo', lat: -34.9011, lon: -56.1645 },
  { city: 'Medellín', lat: 6.2442, lon: -75.5812 },
  { city: 'Guadalajara', lat: 20.6597, lon: -103.3496 },
] as const;

export const PRODUCTS = [
  { product: 'Empanadas (6)', category: 'Food', price: 7.5 },
  { product: 'Ceviche', category: 'Food', price: 12.9 },
  { product: 'Arepa box', category: 'Food', price: 9.4 },
  { product: 'Café de Colombia 500g', category: 'Grocery', price: 11.2 },
  { product: 'Yerba mate 1kg', category: 'Grocery', price: 8.9 },
  { product: 'Dulce de leche', category: 'Grocery', price: 4.6 },
  { product: 'Inca Kola 6-pack', category: 'Drinks', price: 6.3 },
  { product: 'Pisco 750ml', category: 'Drinks', price: 24.0 },
  { product: 'Phone charger', category: 'Electronics', price: 19.9 },
  { product: 'Earbuds', category: 'Electronics', price: 39.0 },
] as const;

const DAY_S = 86_400;

/** Smooth daily cycle (warmest mid-afternoon UTC-5) plus a slow wobble, shared by backfill and live readings. */
function sensorBaseline(index: number, epochMs: number): { temperature: number; humidity: number } {
  const s = SENSORS[index];
  const t = epochMs / 1000;
  const day = Math.sin((t / DAY_S) * 2 * Math.PI - 1.3 + index * 0.4);
  const wobble = Math.sin(t / (900 + index * 137));
  return { temperature: s.temp + 3 * day + 0.6 * wobble, humidity: s.hum - 6 * day + 2 * wobble };
}

/** Live sensor state: baseline plus a mean-reverting random walk, so consecutive readings drift plausibly. */
export class SensorModel {
  private drift = SENSORS.map(() => ({ t: 0, h: 0 }));
  constructor(private readonly rand: () => number = Math.random) {}

  next(epochMs: number): SensorRow[] {
    return SENSORS.map((s, i) => {
      const d = this.drift[i];
      d.t = d.t * 0.98 + (this.rand() - 0.5) * 0.08;
      d.h = d.h * 0.98 + (this.rand() - 0.5) * 0.3;
      const base = sensorBaseline(i, epochMs);
      const noise = (this.rand() - 0.5) * 0.1;
      return {
        sensor_id: s.id,
        temperature: round(base.temperature + d.t + noise, 2),
        humidity: round(clamp(base.humidity + d.h, 0, 100), 1),
        ts: epochMs,
      };
    });
  }
}

/** Orders follow a daily demand curve: on average one per ORDER_STEP_MS / ORDER_BASE_P ms (≈ 150 a minute). */
export const ORDER_STEP_MS = 250;
export const ORDER_BASE_P = 0.62;
export const ORDER_SWING = 0.4;

/** Relative demand now (1 = average), in phase with the sensors' daily cycle. */
export function orderDemand(epochMs: number): number {
  return 1 + ORDER_SWING * Math.sin((epochMs / 1000 / DAY_S) * 2 * Math.PI - 1.3);
}

/** One random order; weights make Lima and Food the most common, as in the demo this grew from. */
export function randomOrder(epochMs: number, rand: () => number = Math.random): SalesRow {
  const c = CITIES[Math.floor(Math.pow(rand(), 1.4) * CITIES.length)];
  const p = PRODUCTS[Math.floor(Math.pow(rand(), 1.2) * PRODUCTS.length)];
  const quantity = 1 + Math.floor(Math.pow(rand(), 3) * 5);
  return {
    ts: epochMs,
    city: c.city,
    lat: c.lat,
    lon: c.lon,
    product: p.product,
    category: p.category,
    quantity,
    unit_price: p.price,
    amount: round(quantity * p.price, 2),
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
