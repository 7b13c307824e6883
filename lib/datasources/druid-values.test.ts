import { describe, expect, it } from 'vitest';
import { fieldTypeOf, parseJsonLine, readArrayLines, typedParameter } from './druid-values';

const WHERE = 'Druid at test';

/** A body stream delivering `parts` as separate chunks (to cut lines and UTF-8 characters across reads). */
function stream(...parts: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const p of parts) c.enqueue(enc.encode(p));
      c.close();
    },
  });
}

/** A stream that errors after `parts`, as a connection reset mid-body does. */
function brokenStream(...parts: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  const queue = [...parts];
  return new ReadableStream({
    pull(c) {
      const next = queue.shift();
      if (next === undefined) c.error(new TypeError('terminated'));
      else c.enqueue(enc.encode(next));
    },
  });
}

const HEADER = '["__time","sensor_id","temperature"]\n["LONG","STRING","DOUBLE"]\n["TIMESTAMP","VARCHAR","DOUBLE"]\n';
/** A two-row example (second temperature NULL) as arrayLines with all three header rows. */
const EXAMPLE = `${HEADER}["2024-01-01T00:00:00.000Z","s-1",21.5]\n["2024-01-01T00:01:00.000Z","s-2",null]\n\n`;

describe('readArrayLines', () => {
  it('reads the example into typed columns', async () => {
    const out = await readArrayLines(stream(EXAMPLE), Infinity, WHERE);
    expect(out.columns).toEqual([
      { name: '__time', type: 'time' },
      { name: 'sensor_id', type: 'string' },
      { name: 'temperature', type: 'number' },
    ]);
    expect(out.values).toEqual([
      [1704067200000, 1704067260000],
      ['s-1', 's-2'],
      [21.5, null],
    ]);
    expect(out.rowCapHit).toBe(false);
  });

  it('reassembles lines and multi-byte characters split across chunks', async () => {
    const body = `["city"]\n["STRING"]\n["VARCHAR"]\n["São Paulo"]\n\n`;
    const bytes = new TextEncoder().encode(body);
    const cut = bytes.indexOf(0xc3) + 1; // inside the two-byte ã
    const s = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    expect((await readArrayLines(s, Infinity, WHERE)).values).toEqual([['São Paulo']]);
  });

  it('reads an empty result: three header rows and the blank line', async () => {
    const out = await readArrayLines(
      stream('["id","name"]\n["LONG","STRING"]\n["BIGINT","VARCHAR"]\n\n'),
      Infinity,
      WHERE,
    );
    expect(out.columns.map((c) => c.type)).toEqual(['number', 'string']);
    expect(out.values).toEqual([[], []]);
  });

  it.each([
    ['cut between rows (no blank trailer line)', [`${HEADER}["2024-01-01T00:00:00.000Z","s-1",21.5]\n`]],
    ['cut inside a row', [`${HEADER}["2024-01-01T00:00:00.000Z","s-1",21.5]\n["2024-01-01T00:0`]],
    ['cut inside the header', ['["__time","sensor_id"]\n["LONG"']],
  ])('reports a body %s as an error, never a shorter result', async (_, parts) => {
    await expect(readArrayLines(stream(...parts), Infinity, WHERE)).rejects.toMatchObject({
      status: 502,
      code: 'truncated',
    });
  });

  it('reports a connection that drops mid-body as truncated, naming the rows read', async () => {
    await expect(
      readArrayLines(brokenStream(`${HEADER}["2024-01-01T00:00:00.000Z","s-1",21.5]\n`), Infinity, WHERE),
    ).rejects.toThrow(/cut the result off after 1 row\(s\) \(connection closed: terminated\)/);
  });

  it('refuses a body with fewer than three header rows', async () => {
    await expect(readArrayLines(stream('["c"]\n["LONG"]\n\n'), Infinity, WHERE)).rejects.toThrow(
      /2 of the 3 header rows/,
    );
  });

  it('stops at the row cap and says so', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `["2024-01-01T00:00:0${i}.000Z","s",${i}]`).join('\n');
    const out = await readArrayLines(stream(`${HEADER}${rows}\n\n`), 4, WHERE);
    expect(out.rowCapHit).toBe(true);
    expect(out.values[2]).toEqual([0, 1, 2, 3]);
  });

  it('keeps BIGINT values above 2^53 exact, as strings', async () => {
    const body =
      '["big","small","d"]\n["LONG","LONG","DOUBLE"]\n["BIGINT","BIGINT","DOUBLE"]\n[9007199254740993,42,1234567890123456.5]\n\n';
    const out = await readArrayLines(stream(body), Infinity, WHERE);
    expect(out.values).toEqual([['9007199254740993'], [42], [1234567890123456.5]]);
  });

  it('reads BOOLEAN as true/false and as the 1/0 older Druid prints', async () => {
    const body = '["b"]\n["LONG"]\n["BOOLEAN"]\n[true]\n[0]\n[1]\n[null]\n\n';
    expect((await readArrayLines(stream(body), Infinity, WHERE)).values).toEqual([[true, false, true, null]]);
  });

  it('reads TIMESTAMP printed with an offset as the same instant', async () => {
    const body = '["t"]\n["LONG"]\n["TIMESTAMP"]\n["2023-12-31T19:00:00.000-05:00"]\n\n';
    expect((await readArrayLines(stream(body), Infinity, WHERE)).values).toEqual([[Date.UTC(2024, 0, 1)]]);
  });
});

describe('parseJsonLine', () => {
  it('parses big integers exactly only where JSON.parse would round them', () => {
    expect(parseJsonLine('[9007199254740993,"9007199254740993",1.5]')).toEqual([
      '9007199254740993',
      '9007199254740993',
      1.5,
    ]);
    expect(parseJsonLine('[9007199254740991]')).toEqual([9007199254740991]);
    expect(parseJsonLine('[1e300,-12]')).toEqual([1e300, -12]);
  });
});

describe('typedParameter', () => {
  it.each([
    [new Date('2024-01-01T00:00:00Z'), { type: 'TIMESTAMP', value: '2024-01-01T00:00:00.000Z' }],
    [42, { type: 'BIGINT', value: 42 }],
    [21.5, { type: 'DOUBLE', value: 21.5 }],
    [true, { type: 'BOOLEAN', value: true }],
    ['Lima', { type: 'VARCHAR', value: 'Lima' }],
    [null, { type: 'VARCHAR', value: null }],
    [5n, { type: 'BIGINT', value: 5 }],
    [2n ** 60n, { type: 'BIGINT', value: 2n ** 60n }],
  ])('%s', (v, want) => {
    expect(typedParameter(v)).toEqual(want);
  });

  it('refuses values Druid cannot take exactly', () => {
    expect(() => typedParameter(Number.NaN)).toThrow(/finite/);
    expect(() => typedParameter(new Date('nope'))).toThrow(/Invalid date/);
  });
});

describe('fieldTypeOf', () => {
  it('types columns by SQL type', () => {
    expect(
      ['TIMESTAMP', 'DATE', 'BIGINT', 'DOUBLE', 'FLOAT', 'DECIMAL(10, 2)', 'BOOLEAN', 'VARCHAR', 'ARRAY', 'OTHER'].map(
        fieldTypeOf,
      ),
    ).toEqual(['time', 'time', 'number', 'number', 'number', 'number', 'boolean', 'string', 'string', 'string']);
  });
});
