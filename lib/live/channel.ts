import { randomUUID } from 'node:crypto';
import type { DataFrame } from '../frames/types';
import type { QueryExecutor } from '../query/execute';
import type { PreparedPanel, TimeWindow } from '../query/prepare';
import type { FrameChange, LivePosition, LiveServerMessage, QueryError } from '../query/protocol';
import { isMoving, resolveWindow } from '../sql/time-range';
import { newestTime } from '../frames/data-frame';
import { applyChanges, diffRange, emptyLike } from './apply-delta';
import { planTail, tailModeOf, type TailMode, type TailRead } from './tail';
import { Outgoing } from './outgoing';

/** How late a row may arrive and still be read by the next tick, unless the datasource says otherwise. */
const DEFAULT_LATENESS_MS = 120_000;
/** How often a live query re-reads its whole range, catching rows later than the lateness. */
const DEFAULT_RECONCILE_MS = 60_000;

/**
 * Hands a message to a subscriber's socket; false when it could not (the socket's buffer is full). `text()` is
 * `JSON.stringify(msg)`, built from a serialization the channel shares between all its subscribers.
 */
export type Send = (msg: LiveServerMessage, text: () => string) => boolean;

export interface ChannelOptions {
  /** Re-query period when nothing wakes the channel (external writers). */
  tickMs: number;
  /** Least time between the starts of two ticks that writes woke, however often writes come. */
  minGapMs: number;
  /** Deltas kept for resuming clients. */
  historySize: number;
  /** The clock ranges resolve against (epoch ms); tests drive time with it. */
  now(): number;
  onEmpty(ch: LiveChannel): void;
  onMessage(type: string): void;
  /** An engine read a tick made (metrics): the lateness window, or the whole range. */
  onRead?(kind: 'tail' | 'whole'): void;
}

/** One subscriber's hold on a channel. */
export interface LiveSubscription {
  /** Stop receiving. */
  off(): void;
  /** The socket drained: send the newest state now if deliveries were skipped while it was backed up. */
  catchUp(): void;
  /** Epoch and seq everything up to which was handed to the socket; undefined while deliveries are skipped. */
  position(): LivePosition | undefined;
}

interface TargetState {
  mode: TailMode;
  /** `from` of the window the frame's first bucket was last read for (epoch ms). */
  headFrom: number;
  /** When the whole range was last read (clock ms): the reconciliation is due `liveReconcileMs` later. */
  lastWhole: number;
}

type DeltaBody = Omit<Extract<LiveServerMessage, { type: 'delta' }>, 'id' | 'sentAt'>;
interface Sub {
  id: string;
  send: Send;
  stale: boolean;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

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
  private targets: TargetState[];
  private timer?: NodeJS.Timeout;
  private closeTimer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private dirty = false;
  private stopped = false;
  private lastWake = 0;
  private lastWokenTick = 0;
  private readonly moving: boolean;
  private readonly headMoves: boolean;
  private readonly sqlLower: string;
  private readonly tableReads = new Map<string, boolean>();

  constructor(
    private readonly p: PreparedPanel,
    private readonly exec: QueryExecutor,
    private readonly o: ChannelOptions,
  ) {
    this.key = p.key;
    this.moving = isMoving(p.raw.to);
    this.headMoves = isMoving(p.raw.from);
    this.targets = p.targets.map((t) => ({
      mode: tailModeOf(t, p.range),
      headFrom: p.range.from.getTime(),
      lastWhole: 0,
    }));
    this.sqlLower = p.targets.map((t) => t.sql.toLowerCase()).join('\n');
    this.ready = this.initial();
  }

  private live(): boolean {
    return this.moving && !this.stopped;
  }

  /** The range as `/api/query` resolves it at this instant, so a first snapshot can share the HTTP first paint's engine run. */
  private window(): TimeWindow {
    return resolveWindow(this.p.raw, this.o.now());
  }

  private async initial(): Promise<void> {
    try {
      const now = this.o.now();
      const w = this.window();
      const res = await this.exec.runPanel(this.p, w, { source: 'live' });
      this.frames = res.frames;
      this.errors = res.errors;
      for (const st of this.targets) Object.assign(st, { headFrom: w.from.getTime(), lastWhole: now });
    } catch (err) {
      // Only resolving the range can throw here (runPanel reports engine failures per target); ticks retry.
      this.errors = this.p.targets.map((t) => ({ refId: t.refId, message: messageOf(err) }));
    }
    this.schedule(this.o.tickMs);
  }

  async add(subKey: string, send: Send, resume?: LivePosition): Promise<LiveSubscription> {
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
    return {
      off: () => {
        if (!this.subs.delete(id)) return;
        if (this.subs.size === 0) this.o.onEmpty(this);
      },
      catchUp: () => {
        if (sub.stale && this.subs.has(id)) this.sendSnapshot(sub);
      },
      position: () => (sub.stale || !this.subs.has(id) ? undefined : { epoch: this.epoch, seq: this.seq }),
    };
  }

  private sendSnapshot(sub: Sub): void {
    this.snapshot ??= new Outgoing({
      type: 'snapshot',
      epoch: this.epoch,
      seq: this.seq,
      frames: this.frames,
      ...(this.errors ? { errors: this.errors } : {}),
    });
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
    if (this.current) this.dirty = true;
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

  /** Re-read what may have changed and send it to every subscriber. Never rejects: failures become `errors`. */
  tick(): Promise<void> {
    if (this.current || this.stopped) return this.current ?? Promise.resolve();
    this.dirty = false;
    const started = Date.now();
    this.current = this.run().finally(() => {
      this.current = undefined;
      // Period measured from the start of this tick, so a slow query does not stretch the interval.
      if (this.dirty) this.schedule(this.wakeDelay(), false);
      else this.schedule(Math.max(this.o.minGapMs, this.o.tickMs - (Date.now() - started)));
    });
    return this.current;
  }

  /** A tick that starts after every tick under way has ended (tests and benchmarks drive time with it). */
  async tickNow(): Promise<void> {
    while (this.current) await this.current;
    await this.tick();
  }

  private async run(): Promise<void> {
    let results: PromiseSettledResult<FrameChange[]>[];
    try {
      const w = this.window();
      const now = this.o.now();
      results = await Promise.allSettled(this.p.targets.map((_, i) => this.refresh(i, w, now)));
    } catch (err) {
      // The range no longer resolves: every target reports it, and the next tick tries again.
      results = this.p.targets.map(() => ({ status: 'rejected', reason: err }));
    }
    this.publish(results);
  }

  /**
   * One target's changes: a whole re-read when it has no frame yet, cannot be read in parts or its reconciliation
   * is due; otherwise the reads `planTail` names (the lateness horizon on, the first bucket of a moving range).
   */
  private async refresh(i: number, w: TimeWindow, now: number): Promise<FrameChange[]> {
    const t = this.p.targets[i];
    const st = this.targets[i];
    const cur = this.frames.find((f) => f.refId === t.refId);
    const { liveLatenessMs = DEFAULT_LATENESS_MS, liveReconcileMs = DEFAULT_RECONCILE_MS } = t.datasource.config;
    if (st.mode.kind === 'bucket' && st.mode.filled && cur?.fields.some((f) => f.type === 'string'))
      st.mode = { kind: 'full' };
    if (!cur || st.mode.kind === 'full' || now - st.lastWhole >= liveReconcileMs) return this.readWhole(i, w, now, cur);
    const reads = planTail({
      mode: st.mode,
      from: w.from.getTime(),
      to: w.to.getTime(),
      now: w.now ?? now,
      newest: newestTime([cur]),
      latenessMs: liveLatenessMs,
      headMoved: this.headMoves && w.from.getTime() !== st.headFrom,
    });
    if (reads.length === 1 && reads[0].lo === undefined) return this.readWhole(i, w, now, cur);
    const frames = await Promise.all(reads.map((r) => this.read(i, r, w, cur)));
    const changes: FrameChange[] = [];
    for (const [n, r] of reads.entries()) {
      const change = diffRange(cur, frames[n], r.lo, r.hi);
      if (change === null) {
        // Rows outside the range read: the time field is not what the filter bounds. Read this one whole from now on.
        st.mode = { kind: 'full' };
        return this.readWhole(i, w, now, cur);
      }
      if (change) changes.push(change);
    }
    if (reads.some((r) => r.hi !== undefined)) st.headFrom = w.from.getTime();
    return changes;
  }

  /** The rows of one planned read, or none for a range that only empties. */
  private async read(i: number, r: TailRead, w: TimeWindow, cur: DataFrame): Promise<DataFrame> {
    if (!r.query) return emptyLike(cur);
    this.o.onRead?.('tail');
    return this.exec.runTarget(
      this.p.targets[i],
      { from: new Date(r.from), to: new Date(r.to), now: w.now },
      { source: 'live' },
    );
  }

  private async readWhole(i: number, w: TimeWindow, now: number, cur?: DataFrame): Promise<FrameChange[]> {
    const t = this.p.targets[i];
    const st = this.targets[i];
    this.o.onRead?.('whole');
    const frame = await this.exec.runTarget(t, w, { source: 'live' });
    Object.assign(st, { lastWhole: now, headFrom: w.from.getTime() });
    const replace: FrameChange[] = [{ refId: t.refId, mode: 'replace', frame }];
    if (!cur) return replace;
    if (st.mode.kind === 'full') return JSON.stringify(cur) === JSON.stringify(frame) ? [] : replace;
    const change = diffRange(cur, frame);
    if (change === null) return replace;
    return change ? [change] : [];
  }

  private publish(results: PromiseSettledResult<FrameChange[]>[]): void {
    const changes: FrameChange[] = [];
    const errors: QueryError[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') changes.push(...r.value);
      else errors.push({ refId: this.p.targets[i].refId, message: messageOf(r.reason) });
    });
    const errorsChanged = JSON.stringify(errors) !== JSON.stringify(this.errors ?? []);
    if (!changes.length && !errorsChanged) return;
    this.frames = applyChanges(this.frames, changes);
    this.errors = errors.length ? errors : undefined;
    this.snapshot = undefined;
    const body: DeltaBody = { type: 'delta', epoch: this.epoch, seq: ++this.seq, changes };
    if (errorsChanged) body.errors = errors;
    const out = new Outgoing(body);
    this.history.push(out);
    if (this.history.length > this.o.historySize) this.history.shift();
    const sentAt = Date.now();
    for (const sub of this.subs.values()) this.deliver(sub, out, sentAt);
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
