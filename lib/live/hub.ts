import { randomUUID } from 'node:crypto';
import type { DataFrame } from '../datasources/types';
import type { Metrics } from '../metrics';
import type { QueryExecutor } from '../query/execute';
import type { PreparedPanel } from '../query/prepare';
import type { LiveServerMessage, LiveSubscribe, QueryRequest } from '../query/protocol';
import { LiveChannel, type ChannelOptions } from './channel';

/**
 * Hands a message to a subscriber's socket; false when it could not (the socket's buffer is full). `text()` is
 * `JSON.stringify(msg)`, built from a serialization the channel shares between all its subscribers.
 */
export type Send = (msg: LiveServerMessage, text: () => string) => boolean;

export interface HubDeps extends Partial<ChannelOptions> {
  prepare(req: QueryRequest, now: Date): Promise<PreparedPanel>;
  executor: QueryExecutor;
  metrics?: Metrics;
  /** How long a channel outlives its last subscriber, so a reconnecting client can resume (ms). */
  graceMs?: number;
}

/**
 * One live query per distinct prepared panel query, shared by every subscriber (STYLE habit 10): database load
 * grows with panels, not with viewers. Lives on the runtime, which sits on `globalThis`.
 */
export class LiveHub {
  private channels = new Map<string, LiveChannel>();
  private subscriptions = 0;

  constructor(private readonly deps: HubDeps) {}

  /** Subscribe; resolves to an unsubscribe function once the first message (snapshot or resume) is sent. */
  async subscribe(req: LiveSubscribe, send: Send): Promise<() => void> {
    const prepared = await this.deps.prepare(req, new Date(Math.ceil(Date.now() / 1000) * 1000));
    let ch = this.channels.get(prepared.key);
    if (!ch) {
      ch = new LiveChannel(prepared, this.deps.executor, {
        tickMs: this.deps.tickMs ?? 1000,
        minGapMs: this.deps.minGapMs ?? 100,
        overlapMs: this.deps.overlapMs ?? 0,
        historySize: this.deps.historySize ?? 500,
        onEmpty: (c) => this.scheduleClose(c),
        onMessage: (type) => this.deps.metrics?.liveMessages.inc({ type }),
      });
      this.channels.set(prepared.key, ch);
      this.deps.metrics?.liveChannels.set(this.channels.size);
    }
    const off = await ch.add(req.id, send, req.resume);
    this.subscriptions++;
    this.deps.metrics?.liveSubscriptions.set(this.subscriptions);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      off();
      this.subscriptions--;
      this.deps.metrics?.liveSubscriptions.set(this.subscriptions);
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

export const newEpoch = (): string => randomUUID().slice(0, 8);
