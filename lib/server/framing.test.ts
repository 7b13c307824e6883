import { describe, expect, it } from 'vitest';
import { framingHeaders } from './framing';

describe('framingHeaders', () => {
  it('lets listed origins frame embeds and nobody frame other pages', () => {
    const h = framingHeaders("http://a.test:8080 https://b.test 'self' javascript:alert(1) http://x;y");
    expect(h('/embed/sales/2')['Content-Security-Policy']).toBe(
      "frame-ancestors 'self' http://a.test:8080 https://b.test",
    );
    expect(h('/d-solo/sales/x')['Content-Security-Policy']).toMatch(/^frame-ancestors 'self' http:\/\/a.test:8080/);
    expect(h('/embed/sales/2')['Referrer-Policy']).toBe('no-referrer');
    expect(h('/d/sales')).toEqual({ 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' });
    expect(h('/embedded')['X-Frame-Options']).toBe('DENY');
  });

  it("defaults to 'self'", () => {
    expect(framingHeaders()('/embed/a/1')['Content-Security-Policy']).toBe("frame-ancestors 'self'");
    expect(framingHeaders('')('/embed/a/1')['Content-Security-Policy']).toBe("frame-ancestors 'self'");
  });
});
