import { describe, expect, it } from 'vitest';
import { errorMessage } from './api';

describe('errorMessage', () => {
  it("shows the server's message", () => {
    expect(errorMessage({ status: 429, statusText: 'Too Many Requests' }, { error: 'locked until 10:00' })).toBe(
      'locked until 10:00',
    );
  });

  it('falls back to the status line without a message', () => {
    expect(errorMessage({ status: 502, statusText: 'Bad Gateway' }, null)).toBe('Request failed (502 Bad Gateway)');
    expect(errorMessage({ status: 500, statusText: '' }, { error: '' })).toBe('Request failed (500)');
    expect(errorMessage({ status: 500, statusText: '' }, 'not json')).toBe('Request failed (500)');
  });
});
