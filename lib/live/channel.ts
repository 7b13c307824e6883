import { randomUUID } from 'node:crypto';
import type { DataFrame } from '../datasources/types';
import type { QueryExecutor } from '../query/execute';
import type { PreparedPanel, TimeWindow } from '../query/prepare';
import type { FrameChange, LiveServerMessage, QueryError } from '../query/protocol';
import { resolveTimeRange } from '../sql/time-range';
import { newestTime } from '../frames/data-frame';
import { applyChanges, changedRows, sameSchema } from './apply-delta';
import { tailModeOf, tailStart, type TailMode } from './tail';
import { Outgoing } from './outgoing';
import type { Send } from './hub';

export interface ChannelOptions {
  /** Re-query period when nothing wakes the channel (external writers). */
  tickMs: number;
  /** Least time between the starts of two ticks that writes woke, however often writes come. */
  minGapMs: number;
  /** Extra window before the newest bucket re-read each tick, to catch late rows. */
  overlapMs: number;
  /** Deltas kept for resuming clients. */
  historySize: number;
  onEmpty(ch: LiveChannel): void;
  onMessage(type: string): void;
}

type DeltaBody = Omit<Extract<LiveServerMessage, { type: 'delta' }>, 'id' | 'sentAt'>;
interface Sub { id: string; send: Send; stale: boolean }

/** One shared live query: holds the current frames, ticks the open tail, fans deltas out to subscribers. */
export class LiveChannel {
  readonly key: string;
  readonly epoch = randomUUID().slice(0, 8);
  seq = 0;
  frames: DataFrame[] = [];
  private errors?: QueryError[];
  private history: Outgoing[] = [];
  /** The current state as a snapshot, serialized at most once per seq for every subscriber that needs it. */
  private snapshot?: Outgoing;
  private subs = new Map<string, Sub>();
  private nextSubId = 0;
  private ready: Promise<void>;
  private modes: TailMode[];
  private timer?: NodeJS.Timeout;
  private closeTimer?: NodeJS.Timeout;
  private running = false;
  private dirty = false;
  private stopped = false;
  private lastWake = 0;
  private lastWokenTick = 0;
  private readonly sqlLower: string;
  private readonly tableReads = new Map<string, boolean>();

  constructor(private readonly p: PreparedPanel, private readonly exec: QueryExecutor, private readonly o: ChannelOptions) {
    this.key = p.key;
    this.modes = p.targets.map((t) => tailModeOf(t, p.intervalMs));
    this.sqlLower = p.targets.map((t) => t.sql.toLowerCase()).join('\n');
    this.ready = this.initial();
  }

  private live(): boolean {
    return /now/.test(this.p.raw.to) && !this.stopped;
  }

  /** `now` rounded up to the second, as `/api/query` does: the first snapshot shares the engine run of a panel's HTTP first paint. */
  private window(): TimeWindow {
    return resolveTimeRange(this.p.raw, new Date(Math.ceil(Date.now() / 1000) * 1000));
  }

  private async initial(): Promise<void> {
    const res = await this.exec.runPanel(this.p, this.window(), { source: 'live' });
    this.frames = res.frames;
    this.errors = res.errors;
    this.snapshot = undefined;
    this.schedule(this.o.tickMs);
  }

  async add(subKey: string, send: Send, resume?: { epoch: string; seq: number }): Promise<() => void> {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = undefined;
    await this.ready;
    const id = `${subKey}#${this.nextSubId++}`;
    const sub: Sub = { id: subKey, send, stale: false };
    this.subs.set(id, sub);
    const first = this.seq - this.history.length + 1;
    if (resume && resume.epoch === this.epoch && resume.seq >= first - 1 && resume.seq <= this.seq) {
      const sentAt = Date.now();
      for (const out of this.history.slice(resume.seq - first + 1)) this.deliver(sub, out, sentAt);
    } else {
      this.sendSnapshot(sub);
    }
    return () => {
      this.subs.delete(id);
      if (this.subs.size === 0) this.o.onEmpty(this);
    };
  }

  private sendSnapshot(sub: Sub): void {
    this.snapshot ??= new Outgoing({ type: 'snapshot', epoch: this.epoch, seq: this.seq, frames: this.frames, ...(this.errors ? { errors: this.errors } : {}) });
    this.send(sub, this.snapshot, Date.now());
    this.o.onMessage('snapshot');
  }

  /** A subscriber whose socket backed up skips deltas and gets the newest state in one snapshot when it drains. */
  private deliver(sub: Sub, out: Outgoing, sentAt: number): void {
    if (sub.stale) return this.sendSnapshot(sub);
    this.send(sub, out, sentAt);
    this.o.onMessage('delta');
  }

  private send(sub: Sub, out: Outgoing, sentAt: number): void {
    sub.stale = !sub.send(out.message(sub.id, sentAt), () => out.text(sub.id, sentAt));
  }

  reads(datasourceUid: string, table: string): boolean {
    if (!this.p.targets.some((t) => t.datasource.config.uid === datasourceUid)) return false;
    let hit = this.tableReads.get(table);
    if (hit === undefined) {
      hit = new RegExp(`\\b${table.toLowerCase()}\\b`).test(this.sqlLower);
      this.tableReads.set(table, hit);
    }
    return hit;
  }

  /** A write arrived: tick now, or once the tick under way ends (it may have read before the write). */
  wake(): void {
    if (!this.live()) return;
    this.lastWake = Date.now();
    if (this.running) this.dirty = true;
    else this.schedule(this.wakeDelay(), false);
  }

  /** Woken ticks start at least `minGapMs` apart; a periodic poll just before never holds a write back. */
  private wakeDelay(): number {
    return Math.max(0, this.o.minGapMs - (Date.now() - this.lastWokenTick));
  }

  /**
   * The periodic tick is a fallback for writers Pulseboard does not see. While writes through Pulseboard keep
   * waking the channel (each wake re-reads the tail, external rows included), polls wait until no wake has come
   * for 1.5 periods, so a poll and a wake never run back to back.
   */
  private schedule(delay: number, poll = true): void {
    if (!this.live()) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const sinceWake = Date.now() - this.lastWake;
      const quiet = 1.5 * this.o.tickMs;
      if (poll && sinceWake < quiet) return this.schedule(quiet - sinceWake);
      if (!poll) this.lastWokenTick = Date.now();
      void this.tick();
    }, delay);
    this.timer.unref?.();
  }

  async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.dirty = false;
    const started = Date.now();
    try {
      const w = this.window();
      const results = await Promise.allSettled(this.p.targets.map((t, i) => this.refresh(i, w)));
      this.publish(w, results);
    } finally {
      this.running = false;
      // Period measured from the start of this tick, so a slow query does not stretch the interval.
      if (this.dirty) this.schedule(this.wakeDelay(), false);
      else this.schedule(Math.max(this.o.minGapMs, this.o.tickMs - (Date.now() - started)));
    }
  }

  /** Re-read one target: only its open tail when the frame is time-bucketed, otherwise the whole query. */
  private async refresh(i: number, w: TimeWindow): Promise<FrameChange | undefined> {
    const t = this.p.targets[i];
    const cur = this.frames.find((f) => f.refId === t.refId);
    const mode = this.modes[i];
    const newest = cur ? newestTime([cur]) : undefined;
    if (!cur || mode.kind === 'full' || newest === undefined) {
      const frame = await this.exec.runTarget(t, w, { source: 'live' });
      if (cur && JSON.stringify(cur) === JSON.stringify(frame)) return undefined;
      return { refId: t.refId, mode: 'replace', frame };
    }
    const from = new Date(Math.max(w.from.getTime(), tailStart(mode, newest, this.o.overlapMs)));
    const tail = await this.exec.runTarget(t, { from, to: w.to }, { source: 'live' });
    if (!sameSchema(cur, tail)) return { refId: t.refId, mode: 'replace', frame: tail };
    const rows = changedRows(cur, tail);
    return rows.length ? { refId: t.refId, mode: 'upsert', frame: rows } : undefined;
  }

  private publish(w: TimeWindow, results: PromiseSettledResult<FrameChange | undefined>[]): void {
    const changes: FrameChange[] = [];
    const errors: QueryError[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') r.value && changes.push(r.value);
      else errors.push({ refId: this.p.targets[i].refId, message: (r.reason as Error).message });
    });
    const trim = this.trimPoint(w);
    const errorsChanged = JSON.stringify(errors) !== JSON.stringify(this.errors ?? []);
    if (!changes.length && trim === undefined && !errorsChanged) return;
    this.frames = applyChanges(this.frames, changes, trim);
    this.errors = errors.length ? errors : undefined;
    this.snapshot = undefined;
    const body: DeltaBody = { type: 'delta', epoch: this.epoch, seq: ++this.seq, changes };
    if (trim !== undefined) body.trimBefore = trim;
    if (errorsChanged) body.errors = errors;
    const out = new Outgoing(body);
    this.history.push(out);
    if (this.history.length > this.o.historySize) this.history.shift();
    const sentAt = Date.now();
    for (const sub of this.subs.values()) this.deliver(sub, out, sentAt);
  }

  /** Oldest time still inside a moving range, aligned down to the bucket; undefined when nothing falls out. */
  private trimPoint(w: TimeWindow): number | undefined {
    if (!/now/.test(this.p.raw.from)) return undefined;
    const bucket = this.modes.find((m) => m.kind === 'bucket');
    const from = bucket?.kind === 'bucket' ? Math.floor(w.from.getTime() / bucket.bucketMs) * bucket.bucketMs : w.from.getTime();
    const oldest = this.frames.map((f) => f.fields.find((x) => x.type === 'time')?.values[0]).filter((v): v is number => typeof v === 'number');
    return oldest.some((v) => v < from) ? from : undefined;
  }

  closeAfter(ms: number, onClosed: () => void): void {
    if (this.closeTimer) clearTimeout(this.closeTimer);
    this.closeTimer = setTimeout(() => {
      if (this.subs.size) return;
      this.stop();
      onClosed();
    }, ms);
    this.closeTimer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.closeTimer) clearTimeout(this.closeTimer);
  }
}
