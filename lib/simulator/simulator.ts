import type { IngestTable, SalesRow, SensorRow } from '../ingest/tables';
import { SensorModel, orderDemand, randomOrder } from './model';

export type RowWriter = (table: IngestTable, rows: Array<SensorRow | SalesRow>) => Promise<unknown>;

export interface SimulatorOptions {
  /** One reading per sensor every this many ms (default 1000). */
  sensorIntervalMs?: number;
  /** Orders arrive every `min..max` ms (default 150..650, ≈ one every 400 ms), scaled by the daily demand curve. */
  orderDelayMs?: [number, number];
  /** Gather rows and write them every this many ms instead of at once (engines that dislike tiny INSERTs). */
  flushMs?: number;
  /** Called when a write fails; the simulator keeps going. */
  onError?: (err: Error) => void;
}

/** Writes live demo rows through any writer: in-process DuckDB, HTTP ingest, later StarRocks/MySQL. */
export class Simulator {
  private timers = new Set<NodeJS.Timeout>();
  private inflight = new Set<Promise<unknown>>();
  private running = false;
  private readonly sensors = new SensorModel();
  private pending = new Map<IngestTable, Array<SensorRow | SalesRow>>();
  private readonly write: RowWriter;

  constructor(
    private readonly writeNow: RowWriter,
    private readonly opts: SimulatorOptions = {},
  ) {
    this.write = opts.flushMs ? this.buffer : writeNow;
  }

  private buffer = async (table: IngestTable, rows: Array<SensorRow | SalesRow>): Promise<void> => {
    this.pending.set(table, [...(this.pending.get(table) ?? []), ...rows]);
  };

  private scheduleFlush(): void {
    this.after(this.opts.flushMs!, async () => {
      this.scheduleFlush();
      const batches = [...this.pending.entries()];
      this.pending.clear();
      await Promise.all(batches.map(([table, rows]) => this.writeNow(table, rows)));
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleSensors();
    this.scheduleOrder();
    if (this.opts.flushMs) this.scheduleFlush();
  }

  /** Stop generating; rows still gathered for a batch are written, and writes under way finish. */
  async stop(): Promise<void> {
    this.running = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const batches = [...this.pending.entries()];
    this.pending.clear();
    await Promise.allSettled([...this.inflight, ...batches.map(([table, rows]) => this.writeNow(table, rows))]);
  }

  private after(ms: number, fn: () => Promise<void>): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.running) return;
      const p = fn().catch((err) => this.opts.onError?.(err as Error));
      this.inflight.add(p);
      void p.finally(() => this.inflight.delete(p));
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private scheduleSensors(): void {
    const every = this.opts.sensorIntervalMs ?? 1000;
    // Align to the wall clock so readings land on whole seconds, as a real logger would.
    this.after(every - (Date.now() % every), async () => {
      this.scheduleSensors();
      await this.write('sensor_data', this.sensors.next(Date.now()));
    });
  }

  private scheduleOrder(): void {
    const [lo, hi] = this.opts.orderDelayMs ?? [150, 650];
    this.after((lo + Math.random() * (hi - lo)) / orderDemand(Date.now()), async () => {
      this.scheduleOrder();
      await this.write('sales', [randomOrder(Date.now())]);
    });
  }
}
