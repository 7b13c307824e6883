import type { DataFrame } from '../frames/types';
import type { Metrics } from '../metrics';
import type { QueryExecutor } from '../query/execute';
import type { PreparedPanel } from '../query/prepare';
import type { LiveSubscribe, QueryRequest } from '../query/protocol';
import { LiveChannel, type ChannelOptions, type LiveSubscription, type Send } from './channel';

export type { LiveSubscription, Send };

export interface HubDeps extends Partial<Omit<ChannelOptions, 'onEmpty' | 'onMessage'>> {
  /** Prepare a panel query with its range resolved at the clock instant `clockMs`. */
  /** `embedOnly`: the subscriber has no role, only what an embed token or a public dashboard grants. */
  prepare(req: QueryRequest, clockMs: number, embedOnly?: boolean): Promise<PreparedPanel>;
  executor: QueryExecutor;
  metrics?: Metrics;
  /** How long a channel outlives its last subscriber, so a reconnecting client can resume (ms). */
  graceMs?: number;
}

/**
 * One live query per distinct prepared panel query, shared by every subscriber: database load grows with panels,
 * not with viewers. Streams are bounded: a channel lives while subscribed (plus a grace period for resuming
 * clients), and every subscribe returns its unsubscribe. Lives on the runtime, which sits on `globalThis`.
 */
export class LiveHub {
  private channels = new Map<string, LiveChannel>();
  private subscriptions = 0;
  private readonly now: () => number;

  constructor(private readonly deps: HubDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** Subscribe; resolves once the first message (snapshot or resume) has been handed to `send`. */
  async subscribe(req: LiveSubscribe, send: Send, embedOnly = false): Promise<LiveSubscription> {
    const prepared = await this.deps.prepare(req, this.now(), embedOnly);
    let ch = this.channels.get(prepared.key);
    if (!ch) {
      ch = new LiveChannel(prepared, this.deps.executor, {
        tickMs: this.deps.tickMs ?? 1000,
        minGapMs: this.deps.minGapMs ?? 100,
        historySize: this.deps.historySize ?? 500,
        now: this.now,
        onEmpty: (c) => this.scheduleClose(c),
        onMessage: (type) => this.deps.metrics?.liveMessages.inc({ type }),
        onRead: (kind) => this.deps.metrics?.liveReads.inc({ kind }),
      });
      this.channels.set(prepared.key, ch);
      this.deps.metrics?.liveChannels.set(this.channels.size);
    }
    const sub = await ch.add(req.id, send, req.resume);
    this.subscriptions++;
    this.deps.metrics?.liveSubscriptions.set(this.subscriptions);
    let done = false;
    return {
      ...sub,
      off: () => {
        if (done) return;
        done = true;
        sub.off();
        this.subscriptions--;
        this.deps.metrics?.liveSubscriptions.set(this.subscriptions);
      },
    };
  }

  private scheduleClose(ch: LiveChannel): void {
    ch.closeAfter(this.deps.graceMs ?? 30_000, () => {
      if (this.channels.get(ch.key) === ch) this.channels.delete(ch.key);
      this.deps.metrics?.liveChannels.set(this.channels.size);
    });
  }

  /** Rows were written through Pulseboard: wake every channel reading that table on that datasource now. */
  notifyWrite(datasourceUid: string, table: string): void {
    for (const ch of this.channels.values()) if (ch.reads(datasourceUid, table)) ch.wake();
  }

  /** Run one tick of every channel, after any under way (tests and benchmarks that drive the clock). */
  async tickAll(): Promise<void> {
    await Promise.all([...this.channels.values()].map((ch) => ch.tickNow()));
  }

  stats(): { channels: number; subscriptions: number } {
    return { channels: this.channels.size, subscriptions: this.subscriptions };
  }

  /** Current state of a channel (tests and debugging). */
  framesOf(key: string): DataFrame[] | undefined {
    return this.channels.get(key)?.frames;
  }

  close(): void {
    for (const ch of this.channels.values()) ch.stop();
    this.channels.clear();
  }
}
