import { describe, expect, it } from 'vitest';
import { allowedHostValues, bearerChecker, generateServeToken, hostProblem, isLoopbackHost, originProblem, tokenProblem } from './access-control.ts';

describe('bearer token', () => {
  it('generates long random tokens that pass its own checks', () => {
    const a = generateServeToken();
    const b = generateServeToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(tokenProblem(a)).toBeNull();
    expect(tokenProblem('short')).toMatch(/at least 16 characters/);
    expect(tokenProblem('has a space in it ok')).toMatch(/printable ASCII/);
  });

  it('accepts exactly "Bearer <token>" and nothing else', () => {
    const check = bearerChecker('s3cret-token-0123456789');
    expect(check('Bearer s3cret-token-0123456789')).toBe(true);
    expect(check('bearer s3cret-token-0123456789')).toBe(true);
    for (const bad of [undefined, '', 'Bearer', 'Bearer ', 's3cret-token-0123456789', 'Basic s3cret-token-0123456789', 'Bearer s3cret-token-012345678', 'Bearer s3cret-token-01234567890', 'Bearer s3cret-token-0123456789 extra']) {
      expect(check(bad), String(bad)).toBe(false);
    }
  });
});

describe('Host and Origin', () => {
  const allowed = allowedHostValues(8080, '127.0.0.1', ['scoring.example', 'ScORE.internal:9000']);

  it('accepts the loopback names with the port and the --allow-host values', () => {
    for (const h of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'LOCALHOST:8080', 'scoring.example', 'scoring.example:8080', 'score.internal:9000']) {
      expect(hostProblem(h, allowed), h).toBeNull();
    }
  });

  it('refuses other names (DNS rebinding), other ports and a missing Host', () => {
    for (const h of ['evil.example', 'evil.example:8080', '127.0.0.1:8081', 'localhost', '127.0.0.1', 'score.internal:8080']) {
      expect(hostProblem(h, allowed), h).toMatch(/is not this server's name/);
    }
    expect(hostProblem(undefined, allowed)).toMatch(/no Host header/);
  });

  it('adds a specific bound address, but not a wildcard one', () => {
    expect(allowedHostValues(80, '192.168.1.5').has('192.168.1.5:80')).toBe(true);
    expect(allowedHostValues(80, '::')).toEqual(new Set(['127.0.0.1:80', 'localhost:80', '[::1]:80']));
    expect(allowedHostValues(80, 'fe80::1').has('[fe80::1]:80')).toBe(true);
  });

  it('accepts no Origin or this server as Origin, and refuses every other page', () => {
    expect(originProblem(undefined, allowed)).toBeNull();
    expect(originProblem('http://127.0.0.1:8080', allowed)).toBeNull();
    expect(originProblem('https://scoring.example', allowed)).toBeNull();
    for (const o of ['null', 'http://evil.example', 'http://127.0.0.1:8081', 'http://127.0.0.1:8080/path', 'file://', 'http://localhost:8080.evil.example']) {
      expect(originProblem(o, allowed), o).toMatch(/are refused/);
    }
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.5', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
