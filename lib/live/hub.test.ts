import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveHub } from './hub';
import { applyChanges } from './apply-delta';
import { QueryExecutor } from '../query/execute';
import { FakeSource, fakePanel } from '../testing/fake-source';
import type { LiveServerMessage, LiveSubscribe } from '../query/protocol';
import type { DataFrame } from '../frames/types';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function subscribeMsg(id: string, resume?: { epoch: string; seq: number }): LiveSubscribe {
  return {
    type: 'subscribe',
    id,
    dashboardUid: 'd',
    panelId: 1,
    range: { from: 'now-1h', to: 'now' },
    ...(resume ? { resume } : {}),
  };
}

/** A client that applies what it receives the way the browser does. */
class Client {
  msgs: LiveServerMessage[] = [];
  frames: DataFrame[] = [];
  epoch = '';
  seq = -1;
  send = (m: LiveServerMessage): boolean => {
    this.msgs.push(m);
    if (m.type === 'snapshot') {
      this.frames = m.frames;
      this.seq = m.seq;
      this.epoch = m.epoch;
    }
    if (m.type === 'delta') {
      expect(m.seq).toBe(this.seq + 1); // no gap, no duplicate
      this.seq = m.seq;
      this.frames = applyChanges(this.frames, m.changes);
    }
    return true;
  };
}

describe('LiveHub', () => {
  let src: FakeSource;
  let hub: LiveHub;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(T0);
    src = new FakeSource();
    for (let t = T0 - 3600_000; t <= T0; t += 10_000)
      src.rows.push({ ts: t, sensor: 's1', value: 1 }, { ts: t, sensor: 's2', value: 2 });
    hub = new LiveHub({
      prepare: async () => fakePanel(src),
      executor: new QueryExecutor(),
      tickMs: 1000,
      minGapMs: 50,
      graceMs: 5000,
    });
  });
  afterEach(() => {
    hub.close();
    vi.useRealTimers();
  });

  async function advance(ms: number, add?: () => void) {
    add?.();
    await vi.advanceTimersByTimeAsync(ms);
  }

  async function queriesPerTick(subscribers: number): Promise<number> {
    const clients = Array.from({ length: subscribers }, () => new Client());
    await Promise.all(clients.map((c, i) => hub.subscribe(subscribeMsg(`p${i}`), c.send)));
    const before = src.calls.length;
    for (let i = 0; i < 5; i++) await advance(1000, () => src.rows.push({ ts: Date.now(), sensor: 's1', value: 5 }));
    return (src.calls.length - before) / 5;
  }

  it('runs the same engine queries per tick for 1 and 50 subscribers', async () => {
    const one = await queriesPerTick(1);
    hub.close();
    hub = new LiveHub({
      prepare: async () => fakePanel(src),
      executor: new QueryExecutor(),
      tickMs: 1000,
      minGapMs: 50,
    });
    const fifty = await queriesPerTick(50);
    expect(one).toBe(1); // the lateness window; what leaves the moving range is dropped without a query
    expect(fifty).toBe(one);
  });

  it('re-reads from the lateness horizon (2 min by default), and only that', async () => {
    const c = new Client();
    await hub.subscribe(subscribeMsg('a'), c.send);
    expect(src.calls[0].from).toBe(T0 - 3600_000); // first: the full range
    await advance(1000);
    expect(src.calls).toHaveLength(2);
    expect(src.calls[1]).toEqual({ from: Math.floor((T0 + 1000 - 120_000) / 60_000) * 60_000, to: T0 + 1000 });
  });

  it('drops the buckets the moving range start leaves behind', async () => {
    const c = new Client();
    await hub.subscribe(subscribeMsg('a'), c.send);
    const oldest = () => c.frames[0].fields[0].values[0];
    expect(oldest()).toBe(T0 - 3600_000);
    await advance(60_000);
    expect(oldest()).toBe(T0 - 3600_000 + 60_000);
  });

  it('sends only changed buckets, and the client ends equal to a fresh full query', async () => {
    const c = new Client();
    await hub.subscribe(subscribeMsg('a'), c.send);
    await advance(1000, () => src.rows.push({ ts: T0 + 500, sensor: 's2', value: 7 }));
    const delta = c.msgs.at(-1)!;
    expect(delta.type).toBe('delta');
    if (delta.type !== 'delta') return;
    expect(delta.changes[0].mode).toBe('upsert');
    expect(delta.changes[0].frame.length).toBe(1); // only s2's newest bucket changed
    expect(delta.changes[0].frame.fields[2].values).toEqual([2 + 7]);
    await advance(60_000, () => src.rows.push({ ts: T0 + 61_000, sensor: 's1', value: 3 }));
    const fresh = await src.query(JSON.stringify({ from: Date.now() - 3600_000, to: Date.now(), bucket: 60_000 }));
    const last = c.frames[0];
    expect(last.fields[0].values.slice(-3)).toEqual(fresh.fields[0].values.slice(-3));
    expect(last.fields[2].values.slice(-3)).toEqual(fresh.fields[2].values.slice(-3));
  });

  it('sends nothing when nothing changed', async () => {
    src.rows = src.rows.filter((r) => r.ts > T0 - 3000_000); // nothing leaves the moving range either
    const c = new Client();
    await hub.subscribe(subscribeMsg('a'), c.send);
    const n = c.msgs.length;
    await advance(3000);
    expect(src.calls.length).toBeGreaterThan(1);
    expect(c.msgs.length).toBe(n);
  });

  it('resumes a reconnecting client with exactly what it missed', async () => {
    const steady = new Client();
    await hub.subscribe(subscribeMsg('steady'), steady.send);
    const flaky = new Client();
    const sub = await hub.subscribe(subscribeMsg('flaky'), flaky.send);
    await advance(1000, () => src.rows.push({ ts: Date.now(), sensor: 's1', value: 1 }));
    sub.off(); // connection drops
    const lastSeq = flaky.seq;
    for (let i = 0; i < 3; i++) await advance(1000, () => src.rows.push({ ts: Date.now(), sensor: 's2', value: 1 }));
    const back = new Client();
    back.frames = flaky.frames;
    back.seq = flaky.seq;
    back.epoch = flaky.epoch;
    await hub.subscribe(subscribeMsg('flaky', { epoch: flaky.epoch, seq: lastSeq }), back.send);
    expect(back.msgs.every((m) => m.type === 'delta')).toBe(true);
    expect(back.msgs.map((m) => (m as { seq: number }).seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3]);
    expect(back.frames).toEqual(steady.frames);
  });

  it('sends a snapshot when the resume point is unknown', async () => {
    const c = new Client();
    await hub.subscribe(subscribeMsg('a', { epoch: 'other', seq: 3 }), c.send);
    expect(c.msgs[0].type).toBe('snapshot');
  });

  it('wakes at once on a write instead of waiting for the tick', async () => {
    hub.close();
    hub = new LiveHub({
      prepare: async () => fakePanel(src),
      executor: new QueryExecutor(),
      tickMs: 60_000,
      minGapMs: 50,
    });
    const c = new Client();
    await hub.subscribe(subscribeMsg('a'), c.send);
    const n = src.calls.length;
    src.rows.push({ ts: Date.now(), sensor: 's1', value: 9 });
    hub.notifyWrite('fake', 'sensor_data');
    await advance(100);
    expect(src.calls.length).toBe(n + 1);
    hub.notifyWrite('fake', 'sales'); // another table: no query
    await advance(100);
    expect(src.calls.length).toBe(n + 1);
  });

  it('does not hold a write back after a periodic tick, and spaces ticks of frequent writes by the minimum gap', async () => {
    hub.close();
    hub = new LiveHub({
      prepare: async () => fakePanel(src),
      executor: new QueryExecutor(),
      tickMs: 1000,
      minGapMs: 200,
    });
    await hub.subscribe(subscribeMsg('a'), new Client().send);
    await advance(1000); // the periodic tick has just run
    const n = src.calls.length;
    hub.notifyWrite('fake', 'sensor_data');
    await advance(0);
    expect(src.calls.length).toBe(n + 1);
    for (let i = 0; i < 10; i++) {
      hub.notifyWrite('fake', 'sensor_data');
      await advance(20);
    }
    expect(src.calls.length).toBe(n + 2); // 200 ms of writes every 20 ms: one more tick, at the gap
  });

  it('stops querying once the last subscriber has been gone for the grace period', async () => {
    const c = new Client();
    const sub = await hub.subscribe(subscribeMsg('a'), c.send);
    sub.off();
    await advance(6000);
    const n = src.calls.length;
    await advance(5000);
    expect(src.calls.length).toBe(n);
    expect(hub.stats()).toEqual({ channels: 0, subscriptions: 0 });
  });
});
