import type { LiveServerMessage } from '../query/protocol';

type Snapshot = Extract<LiveServerMessage, { type: 'snapshot' }>;
type Delta = Extract<LiveServerMessage, { type: 'delta' }>;
/** A snapshot or delta without the per-subscription fields. */
export type OutgoingBody = Omit<Snapshot, 'id' | 'sentAt'> | Omit<Delta, 'id' | 'sentAt'>;

/**
 * One channel message for every subscriber: its body is serialized once, however many sockets receive it, and
 * each copy gets its subscription `id` and `sentAt` spliced in front. `text(id, sentAt)` equals
 * `JSON.stringify(message(id, sentAt))`.
 */
export class Outgoing {
  private json?: string;

  constructor(readonly body: OutgoingBody) {}

  message(id: string, sentAt: number): LiveServerMessage {
    return { id, sentAt, ...this.body } as LiveServerMessage;
  }

  text(id: string, sentAt: number): string {
    this.json ??= JSON.stringify(this.body);
    return `{"id":${JSON.stringify(id)},"sentAt":${sentAt},${this.json.slice(1)}`;
  }
}
