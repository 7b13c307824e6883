import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_JSON_BODY_BYTES, parseJsonBody, readBodyText } from './respond';

/** A request whose body streams in chunks and declares no length (chunked transfer). */
function streamed(chunks: number, chunkBytes: number): Request {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (sent++ < chunks) c.enqueue(new Uint8Array(chunkBytes).fill(0x20));
      else c.close();
    },
  });
  return new Request('http://localhost/x', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readBodyText', () => {
  it('reads a body within the limit', async () => {
    expect(await readBodyText(new Request('http://localhost/x', { method: 'POST', body: 'hello' }), 5)).toBe('hello');
  });

  it('refuses a declared length over the limit before reading, and a streamed one as soon as it passes', async () => {
    await expect(
      readBodyText(new Request('http://localhost/x', { method: 'POST', body: 'x'.repeat(11) }), 10),
    ).rejects.toMatchObject({ status: 413, message: 'Body larger than 10 bytes' });
    await expect(readBodyText(streamed(1000, 1024), 10 * 1024)).rejects.toMatchObject({ status: 413 });
  });
});

describe('parseJsonBody', () => {
  it('answers 413 to a JSON body over the limit, however it is sent', async () => {
    const res = await parseJsonBody(streamed(Math.ceil(MAX_JSON_BODY_BYTES / 65_536) + 1, 65_536), z.object({}));
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(413);
    expect(await (res as Response).json()).toEqual({ error: `Body larger than ${MAX_JSON_BODY_BYTES} bytes` });
  });
});
