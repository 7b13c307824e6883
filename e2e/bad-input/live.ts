import fc from 'fast-check';
import WebSocket from 'ws';
import { LiveClientMessageSchema } from '../../lib/query/protocol';
import { hostileString, hostileValue, mostly, queryBody, rarely, type Known } from './arbitraries';

/**
 * `/api/live` under bad input: sequences of client messages of every type the protocol defines (subscribe,
 * unsubscribe, and any type added to `LiveClientMessageSchema` later), with hostile fields, plus text that is not
 * JSON, binary frames, invalid UTF-8 and frames over the size limit.
 */

/** The message types of the protocol, read from its schema, so a new type is fuzzed without editing this file. */
export const LIVE_MESSAGE_TYPES: string[] = LiveClientMessageSchema.options.map((o) => String(o.shape.type.value));

export type Outgoing =
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: Buffer }
  | { kind: 'bad-utf8' }
  | { kind: 'huge'; bytes: number };

const id = fc.oneof({ arbitrary: fc.constantFrom('a', 'b', 'c', 'p1'), weight: 4 }, hostileValue);

/** Mostly-valid fields per type; unknown types get an id and hostile extras. */
function messageOf(type: string, k: Known): fc.Arbitrary<Record<string, unknown>> {
  if (type === 'subscribe') {
    return fc
      .record({
        body: queryBody(k),
        id,
        resume: rarely(
          mostly(fc.record({ epoch: fc.string({ maxLength: 10 }), seq: fc.integer({ min: -1, max: 1000 }) })),
          4,
        ),
      })
      .map(({ body, id: i, resume }) => ({ type, id: i, ...body, ...(resume === undefined ? {} : { resume }) }));
  }
  if (type === 'watch-dashboard') {
    return fc
      .record({
        id,
        uid: mostly(fc.constantFrom(...k.dashboards, 'no-such-dashboard'), 6),
        version: rarely(mostly(fc.integer({ min: 0, max: 100 })), 2),
      })
      .map(({ version, ...rest }) => ({ type, ...rest, ...(version === undefined ? {} : { version }) }));
  }
  return fc
    .record({ id, extra: fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }) })
    .map(({ id: i, extra }) => ({ ...extra, type, id: i }));
}

export function outgoing(k: Known): fc.Arbitrary<Outgoing> {
  const type = fc.oneof(
    { arbitrary: fc.constantFrom(...LIVE_MESSAGE_TYPES), weight: 8 },
    fc.constantFrom('subscribe ', 'SUBSCRIBE', 'ping', '', 'snapshot'),
  );
  const typed = type.chain((t) =>
    LIVE_MESSAGE_TYPES.includes(t) ? messageOf(t, k) : fc.record({ id, type: fc.constant(t) }),
  );
  return fc.oneof(
    { arbitrary: typed.map((value) => ({ kind: 'json' as const, value })), weight: 10 },
    hostileValue.map((value) => ({ kind: 'json' as const, value })),
    fc
      .oneof(hostileString, fc.constantFrom('{', '{"type":', '[]', 'null', '', `${'['.repeat(3000)}`))
      .map((text) => ({ kind: 'text' as const, text })),
    fc.uint8Array({ maxLength: 64 }).map((b) => ({ kind: 'binary' as const, bytes: Buffer.from(b) })),
    fc.constant({ kind: 'bad-utf8' as const }),
    fc.constantFrom(64 * 1024 + 1, 1024 * 1024).map((bytes) => ({ kind: 'huge' as const, bytes })),
  );
}

/** What the server owes a message: a reply for a subscribe (by id) or an error for anything invalid; nothing for a valid unsubscribe; a close for a frame it refuses. */
export type Expect =
  { reply: 'subscribe'; id: string } | { reply: 'error' } | { reply: 'none' } | { reply: 'close'; code: number };

export function expectationOf(m: Outgoing): Expect {
  if (m.kind === 'huge') return { reply: 'close', code: 1009 };
  if (m.kind === 'bad-utf8') return { reply: 'close', code: 1007 };
  if (m.kind !== 'json') return { reply: 'error' };
  const r = LiveClientMessageSchema.safeParse(m.value);
  if (!r.success) return { reply: 'error' };
  // These sockets are anonymous viewers: watching a dashboard for saves needs an editor, so it is refused.
  if (r.data.type === 'watch-dashboard') return { reply: 'error' };
  return r.data.type === 'subscribe' ? { reply: 'subscribe', id: r.data.id } : { reply: 'none' };
}

export interface LiveRun {
  received: Array<Record<string, unknown>>;
  closeCode?: number;
  /** Problems: a missing reply after 10 s, a wrong close code, a reply that is not JSON. */
  problems: string[];
}

function frameOf(m: Outgoing): [string | Buffer, { binary: boolean }] {
  switch (m.kind) {
    case 'json':
      return [JSON.stringify(m.value) ?? 'null', { binary: false }];
    case 'text':
      return [m.text, { binary: false }];
    case 'binary':
      return [m.bytes, { binary: true }];
    case 'bad-utf8':
      return [Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }];
    case 'huge':
      return [`{"type":"subscribe","id":"${'x'.repeat(m.bytes)}"}`, { binary: false }];
  }
}

/**
 * Open a socket, send the messages, and wait (at most 10 s) until the server has answered everything it owes:
 * one snapshot or error per valid subscribe id, one error per invalid message, the close code for a refused frame.
 */
export async function runLive(port: number, messages: Outgoing[], timeoutMs = 10_000): Promise<LiveRun> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/live`);
  const run: LiveRun = { received: [], problems: [] };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let ending = false;
  const closed = new Promise<void>((resolve) =>
    ws.once('close', (code) => {
      if (!ending) run.closeCode = code;
      resolve();
    }),
  );
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    try {
      run.received.push(JSON.parse(String(data)) as Record<string, unknown>);
    } catch {
      run.problems.push(`a reply that is not JSON: ${String(data).slice(0, 80)}`);
    }
  });
  const owed: Expect[] = [];
  for (const m of messages) {
    const e = expectationOf(m);
    if (ws.readyState !== WebSocket.OPEN) break;
    owed.push(e);
    ws.send(...frameOf(m));
    if (e.reply === 'close') break; // the server closes the socket on this one
  }
  const closing = owed.find((e): e is Extract<Expect, { reply: 'close' }> => e.reply === 'close');
  // Each valid subscribe gets exactly one snapshot or error, each invalid message one error; deltas come on top.
  const subs = new Map<string, number>();
  for (const e of owed) if (e.reply === 'subscribe') subs.set(e.id, (subs.get(e.id) ?? 0) + 1);
  const owedTotal = owed.filter((e) => e.reply === 'subscribe' || e.reply === 'error').length;
  const settled = () => {
    if (closing) return run.closeCode !== undefined;
    const answers = run.received.filter((r) => r.type === 'snapshot' || r.type === 'error');
    return answers.length >= owedTotal && [...subs].every(([i, n]) => answers.filter((r) => r.id === i).length >= n);
  };
  const t0 = Date.now();
  while (!settled() && Date.now() - t0 < timeoutMs && run.closeCode === undefined)
    await new Promise((r) => setTimeout(r, 20));
  if (closing && run.closeCode === undefined)
    await Promise.race([closed, new Promise((r) => setTimeout(r, Math.max(0, timeoutMs - (Date.now() - t0))))]);
  if (!settled())
    run.problems.push(
      `no complete answer within ${timeoutMs} ms (owed ${JSON.stringify(owed)}, got ${run.received.map((r) => `${r.type}:${String(r.id).slice(0, 10)}`).join(', ')})`,
    );
  // A frame over the size limit is refused at its header; the rest of it may still be on the wire when the server
  // closes, so the client can see the close as abnormal (1006) instead of 1009.
  const accepted = closing?.code === 1009 ? [1009, 1006] : [closing?.code];
  if (closing && !accepted.includes(run.closeCode))
    run.problems.push(`closed with ${run.closeCode}, expected ${closing.code}`);
  if (!closing && run.closeCode !== undefined)
    run.problems.push(`the server closed the socket (${run.closeCode}) on messages it should answer`);
  ending = true;
  ws.terminate();
  await closed;
  return run;
}
