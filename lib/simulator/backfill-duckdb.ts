import type { DuckDbDriver } from '../datasources/duckdb';
import { CITIES, ORDER_BASE_P, ORDER_STEP_MS, ORDER_SWING, PRODUCTS, SENSORS } from './model';

const sqlList = (xs: readonly (string | number)[]) =>
  `[${xs.map((x) => (typeof x === 'number' ? String(x) : `'${x.replace(/'/g, "''")}'`)).join(', ')}]`;

/**
 * Fill the gap between the newest stored row and now (at most `hours`) with generated history, in SQL so that
 * 24 h (≈430k readings, ≈200k orders) takes about a second. Uses the same curves as the live model.
 */
export async function backfillDuckDb(
  driver: DuckDbDriver,
  hours = 24,
  now = Date.now(),
): Promise<{ sensors: number; orders: number }> {
  const floorS = Math.floor(now / 1000) - 1;
  const earliest = floorS - hours * 3600;
  return driver.write(async (conn) => {
    const newest = async (table: string) => {
      const r = await conn.runAndReadAll(`SELECT CAST(epoch(max(ts)) AS BIGINT) FROM ${table}`);
      const v = r.getRowsJS()[0][0];
      return v === null ? earliest : Math.max(earliest, Number(v) + 1);
    };
    const sFrom = await newest('sensor_data');
    const oFrom = await newest('sales');
    const sensors = SENSORS.map((s, i) => `(${i}, '${s.id}', ${s.temp}, ${s.hum})`).join(', ');
    await conn.run('BEGIN TRANSACTION');
    const r1 = await conn.run(`
      INSERT INTO sensor_data (sensor_id, temperature, humidity, ts)
      SELECT s.id,
        round(s.temp + 3 * sin(t / 86400.0 * 2 * pi() - 1.3 + s.i * 0.4) + 0.6 * sin(t / (900.0 + s.i * 137))
              + (random() - 0.5) * 0.3, 2),
        round(greatest(0, least(100, s.hum - 6 * sin(t / 86400.0 * 2 * pi() - 1.3 + s.i * 0.4)
              + 2 * sin(t / (900.0 + s.i * 137)) + (random() - 0.5) * 1.2)), 1),
        to_timestamp(t)::TIMESTAMP
      FROM range(${sFrom}, ${floorS + 1}) AS g(t), (VALUES ${sensors}) AS s(i, id, temp, hum)`);
    const cities = CITIES.map((c) => c.city);
    const r2 = await conn.run(`
      INSERT INTO sales (ts, city, lat, lon, product, category, quantity, unit_price, amount)
      SELECT ts, ${sqlList(cities)}[ci], ${sqlList(CITIES.map((c) => c.lat))}[ci], ${sqlList(CITIES.map((c) => c.lon))}[ci],
        ${sqlList(PRODUCTS.map((p) => p.product))}[pi], ${sqlList(PRODUCTS.map((p) => p.category))}[pi], q,
        ${sqlList(PRODUCTS.map((p) => p.price))}[pi], round(q * ${sqlList(PRODUCTS.map((p) => p.price))}[pi], 2)
      FROM (
        SELECT to_timestamp(t / 1000.0)::TIMESTAMP AS ts,
          1 + floor(pow(random(), 1.4) * ${CITIES.length})::INT AS ci,
          1 + floor(pow(random(), 1.2) * ${PRODUCTS.length})::INT AS pi,
          1 + floor(pow(random(), 3) * 5)::INT AS q
        FROM range(${oFrom * 1000}, ${(floorS + 1) * 1000}, ${ORDER_STEP_MS}) AS g(t)
        -- Thin the 250 ms grid by the time-of-day demand curve the live simulator follows.
        WHERE random() < ${ORDER_BASE_P} * (1 + ${ORDER_SWING} * sin(t / 1000.0 / 86400 * 2 * pi() - 1.3))
      )`);
    await conn.run('COMMIT');
    return { sensors: Number(r1.rowsChanged), orders: Number(r2.rowsChanged) };
  });
}
