import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from './request-target.ts';

describe('parseRequestTarget', () => {
  it('reads the path of origin-form and absolute-form targets', () => {
    expect(parseRequestTarget('/score')).toEqual({ ok: true, path: '/score' });
    expect(parseRequestTarget('/health?verbose=1&x=%20')).toEqual({ ok: true, path: '/health' });
    expect(parseRequestTarget('http://127.0.0.1:8080/score?a=b')).toEqual({ ok: true, path: '/score' });
  });

  it('refuses, without throwing, targets that new URL() chokes on or that are not paths', () => {
    for (const bad of ['//[', '/[', '/a b', '/%zz', '*', '', 'score', 'http://[', 'javascript:alert(1)', `/${'a'.repeat(9000)}`, undefined]) {
      const r = parseRequestTarget(bad);
      expect(r.ok, String(bad)).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/Use GET \/health or POST \/score\.$/);
    }
  });
});
