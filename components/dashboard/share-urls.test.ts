import { describe, expect, it } from 'vitest';
import {
  PREVIEW,
  buildDashboardLink,
  buildEmbedUrl,
  formatExpiry,
  iframeSnippet,
  previewUrl,
  readEmbedTokenAnswer,
  type ShareContext,
} from './share-urls';

const ctx: ShareContext = {
  dashboardUid: 'iot sensors',
  range: { from: 'now-1h', to: 'now' },
  vars: { city: ['Lima', 'Quito'], sensor: 'sensor-1' },
};

describe('buildDashboardLink', () => {
  it('keeps other parameters in place and sets range and variables', () => {
    const link = buildDashboardLink(ctx, {
      origin: 'http://pb.test',
      search: '?refresh=5s&from=now-6h&var-city=Bogota',
    });
    expect(link).toBe(
      'http://pb.test/d/iot%20sensors?refresh=5s&from=now-1h&var-city=Lima&var-city=Quito&to=now&var-sensor=sensor-1',
    );
  });
});

describe('buildEmbedUrl', () => {
  it("adds the viewer's theme, range and refresh to the server's URL", () => {
    const url = new URL(
      buildEmbedUrl('https://pb.test/embed/iot/2?token=t.k.n', { range: ctx.range, refresh: 'live', theme: 'dark' }),
    );
    expect(url.origin + url.pathname).toBe('https://pb.test/embed/iot/2');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      token: 't.k.n',
      theme: 'dark',
      from: 'now-1h',
      to: 'now',
      refresh: 'live',
    });
  });

  it('leaves refresh out when it is off', () => {
    expect(
      new URL(buildEmbedUrl('https://pb.test/embed/iot/2', { range: ctx.range, theme: 'light' })).searchParams.has(
        'refresh',
      ),
    ).toBe(false);
  });
});

describe('previewUrl', () => {
  it("moves the embed URL's path and query to this page's origin", () => {
    expect(previewUrl('https://public.example/embed/iot/2?token=x&theme=dark', 'http://127.0.0.1:3000')).toBe(
      'http://127.0.0.1:3000/embed/iot/2?token=x&theme=dark',
    );
  });
});

describe('iframeSnippet', () => {
  it("points the server's snippet at the URL, escaped", () => {
    const server = '<iframe src="https://pb.test/embed/iot/2?token=x" width="600" height="300"></iframe>';
    expect(iframeSnippet(server, 'https://pb.test/embed/iot/2?token=x&theme="dark"', 'T')).toBe(
      '<iframe src="https://pb.test/embed/iot/2?token=x&amp;theme=&quot;dark&quot;" width="600" height="300"></iframe>',
    );
  });

  it('writes a plain snippet when the server sent none', () => {
    expect(iframeSnippet(undefined, 'https://pb.test/e', 'Temp <°C>')).toBe(
      `<iframe src="https://pb.test/e" width="${PREVIEW.width}" height="${PREVIEW.height}" title="Temp &lt;°C&gt;" style="border:0" loading="lazy"></iframe>`,
    );
  });
});

describe('formatExpiry', () => {
  it('reads epoch seconds, epoch ms and ISO text; shows anything else as given', () => {
    const at = Date.UTC(2030, 0, 2, 3, 4, 5);
    expect(formatExpiry(at / 1000)).toBe(new Date(at).toLocaleString());
    expect(formatExpiry(at)).toBe(new Date(at).toLocaleString());
    expect(formatExpiry('2030-01-02T03:04:05Z')).toBe(new Date(at).toLocaleString());
    expect(formatExpiry('soon')).toBe('soon');
  });
});

describe('readEmbedTokenAnswer', () => {
  const ok = { ok: true, status: 200, statusText: 'OK' };
  it('takes an answer with a url', () => {
    const body = { token: 't', url: 'https://pb.test/embed/x/1?token=t', iframe: '<iframe></iframe>', expiresAt: 1 };
    expect(readEmbedTokenAnswer(ok, body)).toEqual({ result: body });
  });

  it("shows the server's error, else the status", () => {
    expect(
      readEmbedTokenAnswer({ ok: false, status: 403, statusText: 'Forbidden' }, { error: 'admin token required' }),
    ).toEqual({ error: 'admin token required' });
    expect(readEmbedTokenAnswer({ ok: false, status: 502, statusText: 'Bad Gateway' }, null)).toEqual({
      error: 'Request failed (502 Bad Gateway)',
    });
    expect(readEmbedTokenAnswer(ok, { token: 't' })).toEqual({ error: 'Request failed (200 OK)' });
  });
});
