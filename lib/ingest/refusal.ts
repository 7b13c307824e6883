import { PulseboardError } from '../errors';
import { INGEST_TABLES, rowValues, type IngestTable, type SalesRow, type SensorRow } from './tables';

/**
 * Insert rows (already in column order) and roll them back; rejects with the engine's error when it refuses them.
 * Only for engines with transactions: a trial must leave nothing behind.
 */
export type TrialInsert = (rows: unknown[][]) => Promise<void>;

export interface Refusal {
  /** 0-based index in the batch, as the 400s of validation count rows. */
  row: number;
  /** The column whose value alone makes the engine refuse a row, when one does. */
  field?: string;
  /** The engine's own words. */
  message: string;
}

/** A row every engine stores: the background the field probe puts one suspect value on. */
const PROBE_ROWS: Record<IngestTable, SensorRow | SalesRow> = {
  sensor_data: { sensor_id: 'probe', temperature: 0, humidity: 0 },
  sales: { city: 'probe', lat: 0, lon: 0, product: 'probe', category: 'probe', quantity: 1, unit_price: 0 },
};

async function refused(trial: TrialInsert, rows: unknown[][]): Promise<Error | undefined> {
  try {
    await trial(rows);
    return undefined;
  } catch (err) {
    return err as Error;
  }
}

/**
 * Which row (and field) of a batch the engine refused, found by trial inserts that are rolled back: halving the
 * batch finds the first row the engine refuses on its own (the trials together insert the batch about once), then
 * one single-row trial per column finds the value. Undefined when the refusal is not about one row (the engine
 * refuses even a plain row, i.e. it is down or full, or only a combination of rows fails).
 */
export async function locateRefusal(
  table: IngestTable,
  values: unknown[][],
  trial: TrialInsert,
  now = Date.now(),
): Promise<Refusal | undefined> {
  const probe = rowValues(table, PROBE_ROWS[table], now);
  if (await refused(trial, [probe])) return undefined;
  let lo = 0;
  let hi = values.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (await refused(trial, values.slice(lo, mid))) hi = mid;
    else lo = mid;
  }
  const err = values.length ? await refused(trial, [values[lo]]) : undefined;
  if (!err) return undefined;
  const columns = INGEST_TABLES[table].columns;
  for (let c = 0; c < columns.length; c++) {
    if (values[lo][c] === probe[c]) continue;
    const one = probe.map((v, i) => (i === c ? values[lo][c] : v));
    if (await refused(trial, [one])) return { row: lo, field: columns[c], message: err.message };
  }
  return { row: lo, message: err.message };
}

/** The 400 for a batch an engine refused: names the row and field, says nothing was written. */
export function refusalError(r: Refusal, engine: string): PulseboardError {
  const where = `row ${r.row}${r.field ? `, field ${r.field}` : ''}`;
  const said = r.message.split('\n')[0].slice(0, 300);
  return new PulseboardError(
    `${where}: ${engine} refused the value (${said}); nothing of the batch was written`,
    400,
    'bad_row',
  );
}
